using Coordination.Domain.Registry;

namespace Coordination.Domain.Tests;

/// <summary>A verband's policy and registration data are checked, naming each bad field.</summary>
public class PolicyValidationTests
{
    [Fact]
    public void The_default_policy_is_the_legal_one_and_valid()
    {
        var p = VerbandPolicy.Default;
        Assert.Equal((6, 4, 4, 24), (p.ZorgplichtWeeks, p.ZorgplichtExtensionWeeks, p.ThuiszitterWeeks, p.DefaultTlvMonths));
        Assert.Empty(p.Validate());
    }

    public static TheoryData<string, VerbandPolicy> BadPolicies() => new()
    {
        { "policy.zorgplichtWeeks", new() { ZorgplichtWeeks = 0 } },
        { "policy.zorgplichtWeeks", new() { ZorgplichtWeeks = -6 } },
        { "policy.zorgplichtWeeks", new() { ZorgplichtWeeks = 52 } },
        { "policy.zorgplichtExtensionWeeks", new() { ZorgplichtExtensionWeeks = -1 } },
        { "policy.zorgplichtExtensionWeeks", new() { ZorgplichtExtensionWeeks = 5 } },
        { "policy.thuiszitterWeeks", new() { ThuiszitterWeeks = 0 } },
        { "policy.thuiszitterWeeks", new() { ThuiszitterWeeks = 100 } },
        { "policy.responseWorkingDays", new() { ResponseWorkingDays = 0 } },
        { "policy.responseWorkingDays", new() { ResponseWorkingDays = 365 } },
        { "policy.expertteamWorkingDays", new() { ExpertteamWorkingDays = -10 } },
        { "policy.expertteamWorkingDays", new() { ExpertteamWorkingDays = 61 } },
        { "policy.defaultTlvMonths", new() { DefaultTlvMonths = 11 } },
        { "policy.defaultTlvMonths", new() { DefaultTlvMonths = 0 } },
        { "policy.defaultTlvMonths", new() { DefaultTlvMonths = 1200 } },
    };

    [Theory]
    [MemberData(nameof(BadPolicies))]
    public void An_out_of_range_policy_value_is_refused_naming_its_field(string field, VerbandPolicy policy)
    {
        var error = Assert.Single(policy.Validate());
        Assert.Equal(field, error.Field);
    }

    [Fact]
    public void The_bounds_themselves_are_accepted()
    {
        Assert.Empty(new VerbandPolicy { ZorgplichtWeeks = 1, ZorgplichtExtensionWeeks = 0, ThuiszitterWeeks = 1, ResponseWorkingDays = 1, ExpertteamWorkingDays = 1, DefaultTlvMonths = 12 }.Validate());
        Assert.Empty(new VerbandPolicy { ZorgplichtWeeks = 12, ZorgplichtExtensionWeeks = 4, ThuiszitterWeeks = 12, ResponseWorkingDays = 30, ExpertteamWorkingDays = 60, DefaultTlvMonths = 120 }.Validate());
    }

    private static VerbandRegistration Valid => new(
        "PO2001", "SWV Utrecht PO", "Utrecht",
        [new Municipality("GM0344", "Utrecht")],
        [new School("12AB00", "De Regenboog", SchoolType.BAO, "GM0344"), new School("12AB01", "SO De Zon", SchoolType.SO, "GM0344", 4)],
        new SupportPoint("Steunpunt", null, null));

    [Fact]
    public void A_valid_registration_has_no_errors()
    {
        Assert.Empty(Valid.Validate());
        Assert.Empty((Valid with { Policy = VerbandPolicy.Default }).Validate());
    }

    public static TheoryData<string, VerbandRegistration> BadRegistrations() => new()
    {
        { "code", Valid with { Code = "PO201" } },
        { "code", Valid with { Code = "SO2001" } },
        { "name", Valid with { Name = " " } },
        { "name", Valid with { Name = new string('x', 201) } },
        { "jeugdzorgRegio", Valid with { JeugdzorgRegio = "" } },
        { "municipalities", Valid with { Municipalities = [] } },
        { "municipalities", Valid with { Municipalities = [new("GM0344", "Utrecht"), new("GM0344", "Utrecht")] } },
        { "municipalities[0].code", Valid with { Municipalities = [new("0344", "Utrecht")] } },
        { "schools[1].cluster", Valid with { Schools = [Valid.Schools[0], Valid.Schools[1] with { Cluster = 2 }] } },
        { "schools[1].cluster", Valid with { Schools = [Valid.Schools[0], Valid.Schools[1] with { Cluster = 7 }] } },
        { "schools[0].type", Valid with { Schools = [Valid.Schools[0] with { Type = SchoolType.VSO }] } },
        { "schools[0].code", Valid with { Schools = [Valid.Schools[0] with { Code = "12AB" }] } },
        { "schools[0].municipality", Valid with { Schools = [Valid.Schools[0] with { Municipality = "Utrecht" }] } },
        { "schools", Valid with { Schools = [Valid.Schools[0], Valid.Schools[0]] } },
        { "supportPoint.name", Valid with { SupportPoint = new SupportPoint("", "a@b.nl", null) } },
        { "policy.zorgplichtWeeks", Valid with { Policy = new VerbandPolicy { ZorgplichtWeeks = 0 } } },
        { "policy.defaultTlvMonths", Valid with { Policy = new VerbandPolicy { DefaultTlvMonths = 6 } } },
    };

    [Theory]
    [MemberData(nameof(BadRegistrations))]
    public void A_bad_registration_names_the_field(string field, VerbandRegistration registration)
    {
        Assert.Contains(registration.Validate(), e => e.Field == field);
    }

    [Fact]
    public void Every_error_is_reported_not_only_the_first()
    {
        var errors = (Valid with { Code = "X", Name = "", Policy = new VerbandPolicy { ZorgplichtWeeks = 0, ThuiszitterWeeks = 0 } }).Validate();
        Assert.Equal(["code", "name", "policy.zorgplichtWeeks", "policy.thuiszitterWeeks"], errors.Select(e => e.Field));
    }
}
