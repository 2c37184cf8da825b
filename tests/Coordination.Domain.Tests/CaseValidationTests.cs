using Coordination.Domain.Cases;
using Coordination.Domain.Common;
using static Coordination.Domain.Cases.CaseState;
using static Coordination.Domain.Cases.CaseTrigger;
using static Coordination.Domain.Tests.CaseBuilder;
using static Coordination.Domain.Tests.TestRegistry;

namespace Coordination.Domain.Tests;

/// <summary>Bad input is refused naming its field, and nothing changes.</summary>
public class CaseValidationTests
{
    private static NewCase Valid => new()
    {
        ParentsInformed = true,
        Student = new NewStudent { Name = "Sam", DateOfBirth = "2016-05-01", Municipality = GemA, School = BaoA },
        Reason = "zorgen over gedrag",
    };

    private static void AssertOpenRefused(NewCase request, string field)
    {
        var c = new CaseRecord();
        AssertInvalid(CaseWorkflow.Open(c, "case-1", request, Snapshot(), User, Now), field);
        Assert.False(c.Exists);
        Assert.Equal("", c.Id);
        Assert.Empty(c.History);
        Assert.Empty(c.Parties);
    }

    [Fact]
    public void A_valid_case_opens_as_Aangemeld_with_one_event()
    {
        var c = new CaseRecord();
        Assert.Equal(new Outcome.Accepted(1), CaseWorkflow.Open(c, "case-1", Valid, Snapshot(), User, Now));
        Assert.Equal(Aangemeld, c.State);
        Assert.Equal("case-1", c.Id);
        Assert.Equal(Registry.Sector.PO, c.Sector);
        Assert.Equal("Signal", Assert.Single(c.History).What);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("01-05-2016")]
    [InlineData("2016-02-30")]
    [InlineData("2024-01-01")] // one year old
    [InlineData("2000-01-01")] // 25 years old
    public void A_missing_malformed_or_implausible_date_of_birth_is_refused(string? dateOfBirth) =>
        AssertOpenRefused(Valid with { Student = Valid.Student! with { DateOfBirth = dateOfBirth } }, "student.dateOfBirth");

    [Theory]
    [InlineData("Sam\u0000")]
    [InlineData("\u0007Sam")]
    public void A_name_with_control_characters_is_refused(string name) =>
        AssertOpenRefused(Valid with { Student = Valid.Student! with { Name = name } }, "student.name");

    [Theory]
    [InlineData("12345", "student.school")]
    [InlineData("99XX00", "student.school")]
    public void An_unknown_or_malformed_school_is_refused(string school, string field) =>
        AssertOpenRefused(Valid with { Student = Valid.Student! with { School = school } }, field);

    [Fact]
    public void Other_student_fields_are_checked()
    {
        AssertOpenRefused(Valid with { Student = null }, "student");
        AssertOpenRefused(Valid with { Student = Valid.Student! with { Name = " " } }, "student.name");
        AssertOpenRefused(Valid with { Student = Valid.Student! with { Municipality = "Utrecht" } }, "student.municipality");
        AssertOpenRefused(Valid with { Student = Valid.Student! with { Municipality = "GM9999" } }, "student.municipality");
        AssertOpenRefused(Valid with { Student = Valid.Student! with { School = null } }, "sector");
        AssertOpenRefused(Valid with { Sector = "VO" }, "sector");
        AssertOpenRefused(Valid with { OutOfSchoolSince = "2025-03-11" }, "outOfSchoolSince");
        AssertOpenRefused(Valid with { Application = new NewApplication { School = BaoB, ReceivedOn = "2025-03-11" } }, "application.receivedOn");
        AssertOpenRefused(Valid with { Application = new NewApplication { School = VoSchoolA, ReceivedOn = "2025-03-03" } }, "application.school");
    }

    private static CaseCommand Grant(string schoolType = "SBO", string? category = null, string start = "2025-04-01", string end = "2027-04-01", string? issuedBy = A) =>
        Cmd(GrantTlv) with { SchoolType = schoolType, Category = category, StartDate = start, EndDate = end, IssuedBy = issuedBy };

    public static TheoryData<string, CaseCommand> BadGrants() => new()
    {
        { "endDate", Grant(end: "2026-03-31") },
        { "endDate", Grant(end: "2025-03-31") },
        { "endDate", Grant(end: "2026-13-01") },
        { "startDate", Grant(start: "") },
        { "category", Grant("SO") },
        { "category", Grant("SO", category: "extra") },
        { "category", Grant("SBO", category: "Laag") },
        { "schoolType", Grant("VSO", category: "Laag") },
        { "schoolType", Grant("BAO") },
        { "issuedBy", Grant(issuedBy: null) },
        { "issuedBy", Grant(issuedBy: "PO9999") },
        { "issuedBy", Grant(issuedBy: VoA) },
        { "issuedBy", Grant(issuedBy: "SWV Utrecht") },
    };

    [Theory]
    [MemberData(nameof(BadGrants))]
    public void A_bad_TLV_grant_names_its_field_and_changes_nothing(string field, CaseCommand command)
    {
        var c = InState(TlvAanvraag);
        var before = Fingerprint(c);

        AssertInvalid(c.Apply(command), field);

        Assert.Equal(before, Fingerprint(c));
        Assert.Null(c.CurrentTlv);
        Assert.Null(c.Decision);
    }

    [Fact]
    public void A_TLV_of_exactly_one_year_with_a_category_for_SO_is_accepted()
    {
        var c = InState(TlvAanvraag);
        Assert.IsType<Outcome.Accepted>(c.Apply(Grant("SO", category: "midden", end: "2026-04-01")));
        Assert.Equal(FundingCategory.Midden, c.CurrentTlv!.Category);
    }

    public static TheoryData<CaseState, string, CaseCommand> BadSchools() => new()
    {
        { Verkenning, "school", Cmd(OfferArrangement) with { School = SboA } },
        { Verkenning, "school", Cmd(OfferArrangement) with { School = "12-AB" } },
        { Plaatsing, "school", Cmd(Place) },
        { Plaatsing, "school", Cmd(Place) with { School = SboB } },
        { Plaatsing, "school", Cmd(Place) with { School = VoSchoolA } },
        { Verkenning, "school", Cmd(ChangeSchool) with { School = "98QQ00", Date = "2025-03-03" } },
        { Verkenning, "date", Cmd(ChangeSchool) with { School = BaoB } },
        { Verkenning, "date", Cmd(ReceiveApplication) with { School = BaoB, Date = "2025-03-11" } },
        { Verkenning, "municipality", Cmd(Move) with { Municipality = GemA } },
        { Verkenning, "municipality", Cmd(Move) with { Municipality = "0344" } },
        { Verkenning, "municipality", Cmd(Move) with { Municipality = "GM9999" } },
        { Verkenning, "parentsInformed", Cmd(RecordSignal) with { Signal = "Leerplicht" } },
        { Verkenning, "signal", Cmd(RecordSignal) with { Signal = "Politie", ParentsInformed = true } },
        { TlvAanvraag, "discipline", Cmd(RecordExpertAdvice) with { Expert = "K. de Wit" } },
        { Verkenning, "schoolType", Cmd(RequestTlv) with { SchoolType = "BAO" } },
    };

    [Theory]
    [MemberData(nameof(BadSchools))]
    public void Bad_command_data_names_its_field_and_changes_nothing(CaseState state, string field, CaseCommand command)
    {
        var c = InState(state);
        var before = Fingerprint(c);

        AssertInvalid(c.Apply(command), field);

        Assert.Equal(before, Fingerprint(c));
    }

    [Fact]
    public void A_place_at_an_SBO_school_needs_a_TLV_for_SBO()
    {
        var c = InState(Plaatsing);
        AssertInvalid(c.Apply(Cmd(Place) with { School = SboB }), "school");

        c.CurrentTlv = SboTlv(A);
        Assert.IsType<Outcome.Accepted>(c.Apply(Cmd(Place) with { School = SboB }));
        Assert.Equal(SboB, c.Student.School);
        Assert.Equal(Geplaatst, c.State);
    }
}
