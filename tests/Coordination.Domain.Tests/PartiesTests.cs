using Coordination.Domain.Cases;
using Coordination.Domain.Common;
using Coordination.Domain.Registry;
using static Coordination.Domain.Cases.CaseTrigger;
using static Coordination.Domain.Tests.CaseBuilder;
using static Coordination.Domain.Tests.TestRegistry;

namespace Coordination.Domain.Tests;

/// <summary>The verbanden and municipality of a case are derived from where the child lives, its school and its TLV.</summary>
public class PartiesTests
{
    /// <summary>Lives in A's municipality, goes to school in B.</summary>
    private static CaseRecord OpenCase(RegistrySnapshot? registry = null, string school = BaoB, string municipality = GemA)
    {
        var c = new CaseRecord();
        var outcome = CaseWorkflow.Open(c, "case-1", new NewCase
        {
            ParentsInformed = true,
            Student = new NewStudent { Name = "Sam", DateOfBirth = "2016-05-01", Municipality = municipality, School = school },
        }, registry ?? Snapshot(), User, Now);
        Assert.IsType<Outcome.Accepted>(outcome);
        return c;
    }

    private static IReadOnlyList<PartyRole> RolesOf(CaseRecord c, string code) => Assert.Single(c.Parties, p => p.Code == code).Roles;

    [Fact]
    public void Living_in_A_and_going_to_school_in_B_makes_a_multi_verband_case_led_by_B()
    {
        var c = OpenCase();

        Assert.True(c.Parties.IsMultiVerband());
        Assert.Equal([A, B], c.Parties.Verbanden());
        Assert.Equal([PartyRole.SchoolVerband], RolesOf(c, B));
        Assert.Equal([PartyRole.ResidenceVerband], RolesOf(c, A));
        Assert.Equal(B, c.Parties.LeadVerband());
        Assert.DoesNotContain(c.Parties, p => p.Kind == PartyKind.Municipality);
    }

    [Fact]
    public void Living_and_going_to_school_in_one_verband_gives_one_party_with_both_roles()
    {
        var c = OpenCase(school: BaoA);

        Assert.False(c.Parties.IsMultiVerband());
        Assert.Equal([PartyRole.SchoolVerband, PartyRole.ResidenceVerband], RolesOf(c, A));
        Assert.Equal(A, c.Parties.LeadVerband());
    }

    [Fact]
    public void Without_a_school_the_verband_of_residence_leads()
    {
        var c = new CaseRecord();
        Assert.IsType<Outcome.Accepted>(CaseWorkflow.Open(c, "case-1", new NewCase
        {
            ParentsInformed = true,
            Student = new NewStudent { Name = "Sam", DateOfBirth = "2016-05-01", Municipality = GemC }, Sector = "PO",
        }, Snapshot(), new Actor("leerplicht", GemC), Now));

        Assert.Equal([C], c.Parties.Verbanden());
        Assert.Equal(C, c.Parties.LeadVerband());
    }

    [Fact]
    public void An_application_elsewhere_brings_in_the_verband_of_that_school_while_the_zorgplicht_runs()
    {
        var c = new CaseRecord();
        Assert.IsType<Outcome.Accepted>(CaseWorkflow.Open(c, "case-1", new NewCase
        {
            ParentsInformed = true,
            Student = new NewStudent { Name = "Sam", DateOfBirth = "2016-05-01", Municipality = GemA }, Sector = "PO",
            Application = new NewApplication { School = BaoC, ReceivedOn = "2025-03-03" },
        }, Snapshot(), User, Now));

        Assert.Equal([A, C], c.Parties.Verbanden());
        Assert.Equal(C, c.Parties.LeadVerband());
        Assert.Equal("Application", c.History[0].What);
    }

    [Fact]
    public void A_TLV_issued_by_C_adds_C_as_issuer()
    {
        var c = OpenCase();
        c.State = CaseState.TlvAanvraag;
        c.Advices = TwoValidAdvices();

        Assert.IsType<Outcome.Accepted>(c.Apply(Cmd(GrantTlv) with { SchoolType = "SBO", StartDate = "2025-04-01", EndDate = "2027-04-01", IssuedBy = C }));

        Assert.Equal([A, B, C], c.Parties.Verbanden());
        Assert.Equal([PartyRole.TlvIssuer], RolesOf(c, C));
        Assert.Equal(B, c.Parties.LeadVerband());
    }

    [Theory]
    [InlineData("Leerplicht", true)]
    [InlineData("Jeugdhulp", true)]
    [InlineData("Zorg", false)]
    public void A_leerplicht_or_jeugdhulp_signal_brings_in_the_municipality_of_residence(string signal, bool joins)
    {
        var c = OpenCase();

        Assert.IsType<Outcome.Accepted>(c.Apply(Cmd(RecordSignal) with { Signal = signal, ParentsInformed = false, WithholdReason = "dreiging richting de leerkracht", Reason = "verzuim" }));

        var municipality = c.Parties.Where(p => p.Kind == PartyKind.Municipality).ToList();
        if (joins)
        {
            var party = Assert.Single(municipality);
            Assert.Equal(GemA, party.Code);
            Assert.Equal([PartyRole.Municipality], party.Roles);
        }
        else Assert.Empty(municipality);
        Assert.Equal("no", c.History[^1].Details!["parentsInformed"]);
    }

    [Fact]
    public void Moving_recomputes_the_residence_verband_and_the_municipality()
    {
        var c = OpenCase();
        Assert.IsType<Outcome.Accepted>(c.Apply(Cmd(RecordSignal) with { Signal = "Jeugdhulp", ParentsInformed = true }));

        Assert.IsType<Outcome.Accepted>(c.Apply(Cmd(Move) with { Municipality = GemB }));

        Assert.Equal([B], c.Parties.Verbanden());
        Assert.Equal([PartyRole.SchoolVerband, PartyRole.ResidenceVerband], RolesOf(c, B));
        Assert.Equal(GemB, Assert.Single(c.Parties, p => p.Kind == PartyKind.Municipality).Code);
        Assert.Equal(GemA, c.History[^1].Details!["from"]);
    }

    [Fact]
    public void Changing_school_recomputes_the_school_verband()
    {
        var c = OpenCase();

        Assert.IsType<Outcome.Accepted>(c.Apply(Cmd(ChangeSchool) with { School = BaoC, Date = "2025-03-03" }));

        Assert.Equal([A, C], c.Parties.Verbanden());
        Assert.Equal(C, c.Parties.LeadVerband());
        Assert.Equal(BaoC, c.Student.School);
    }

    [Fact]
    public void Leaving_school_drops_the_school_verband_and_starts_the_thuiszitter_clock()
    {
        var c = OpenCase();

        Assert.IsType<Outcome.Accepted>(c.Apply(Cmd(ChangeSchool) with { Date = "2025-03-03" }));

        Assert.Equal([A], c.Parties.Verbanden());
        Assert.Null(c.Student.School);
        Assert.Equal(new DateOnly(2025, 3, 3), c.Thuiszitter!.Since);
    }

    [Theory]
    [InlineData(VerbandState.Suspended)]
    [InlineData(VerbandState.Registered)]
    [InlineData(VerbandState.Merged)]
    [InlineData(VerbandState.Dissolved)]
    public void A_verband_that_is_not_active_refuses_the_command_naming_the_field_that_brought_it_in(VerbandState state)
    {
        var registry = WithState(C, state);

        var opened = new CaseRecord();
        AssertInvalid(CaseWorkflow.Open(opened, "x", new NewCase
        {
            ParentsInformed = true,
            Student = new NewStudent { Name = "Sam", DateOfBirth = "2016-05-01", Municipality = GemA, School = BaoC },
        }, registry, User, Now), "student.school");
        Assert.False(opened.Exists);

        var c = OpenCase(registry);
        var before = Fingerprint(c);
        AssertInvalid(c.Apply(Cmd(ChangeSchool) with { School = BaoC, Date = "2025-03-03" }, registry), "school");
        AssertInvalid(c.Apply(Cmd(Move) with { Municipality = GemC }, registry), "municipality");
        Assert.Equal(before, Fingerprint(c));
        c.State = CaseState.TlvAanvraag;
        c.Advices = TwoValidAdvices();
        before = Fingerprint(c);
        AssertInvalid(c.Apply(Cmd(GrantTlv) with { SchoolType = "SBO", StartDate = "2025-04-01", EndDate = "2027-04-01", IssuedBy = C }, registry), "issuedBy");
        Assert.Equal(before, Fingerprint(c));
        Assert.Null(c.CurrentTlv);
    }

    [Fact]
    public void Opening_in_the_municipality_of_a_suspended_verband_is_refused()
    {
        var c = new CaseRecord();
        AssertInvalid(CaseWorkflow.Open(c, "x", new NewCase
        {
            ParentsInformed = true,
            Student = new NewStudent { Name = "Sam", DateOfBirth = "2016-05-01", Municipality = GemC, School = BaoB },
        }, WithState(C, VerbandState.Suspended), User, Now), "student.municipality");
        Assert.False(c.Exists);
    }

    [Fact]
    public void Refreshing_after_a_merge_records_the_change_once()
    {
        var c = OpenCase();
        // A merged into B: the municipality of A is now served by B.
        var merged = Snapshot(v => v[A] = v[A] with { State = VerbandState.Merged });
        var residence = merged.ResidenceVerbanden.ToDictionary();
        residence[RegistrySnapshot.ResidenceKey(GemA, Sector.PO)] = B;
        merged = merged with { ResidenceVerbanden = residence };

        Assert.True(c.Workflow().RefreshParties(merged, Actor.System, Now));
        Assert.Equal([B], c.Parties.Verbanden());
        Assert.Equal("PartiesChanged", c.History[^1].What);
        var version = c.Version;

        Assert.False(c.Workflow().RefreshParties(merged, Actor.System, Now));
        Assert.Equal(version, c.Version);
    }
}
