using System.Text.Json;
using System.Text.Json.Serialization;
using Coordination.Domain.Cases;

namespace Coordination.Domain.Tests;

/// <summary>A case record read back from JSON holds nothing it does not need (W3: bytes per idle case), and means the same.</summary>
public class CompactStateTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private static CaseRecord RoundTrip(CaseRecord c) => JsonSerializer.Deserialize<CaseRecord>(JsonSerializer.Serialize(c, Json), Json)!;

    private static CaseRecord Case(string id) => new()
    {
        Id = id, Version = 1,
        Student = new Student("Sam de Vries", new DateOnly(2016, 6, 1), "GM0344", "01AA00"),
        Parties = [new Party(PartyKind.Verband, "PO2601", [PartyRole.SchoolVerband, PartyRole.ResidenceVerband])],
    };

    [Fact]
    public void Registry_codes_read_back_as_one_shared_string_per_code()
    {
        var (a, b) = (RoundTrip(Case("a")), RoundTrip(Case("b")));

        Assert.Same(a.Student.Municipality, b.Student.Municipality);
        Assert.Same(a.Student.School, b.Student.School);
        Assert.Same(a.Parties[0].Code, b.Parties[0].Code);
        Assert.Equal("GM0344", a.Student.Municipality);
    }

    [Fact]
    public void A_partys_roles_read_back_in_order_in_an_array_of_their_own_size()
    {
        var roles = RoundTrip(Case("a")).Parties[0].Roles;

        Assert.Equal([PartyRole.SchoolVerband, PartyRole.ResidenceVerband], roles);
        Assert.IsType<PartyRole[]>(roles);
    }

    [Fact]
    public void Empty_lists_read_back_as_the_one_shared_empty_list()
    {
        var (a, b) = (RoundTrip(Case("a")), RoundTrip(Case("b")));

        Assert.Empty(a.Advices);
        Assert.Same(a.Advices, b.Advices);
        Assert.Same(a.Signals, b.Signals);
    }

    [Fact]
    public void History_is_stored_until_it_is_in_the_log_and_then_not_even_as_an_empty_list()
    {
        var c = Case("a");
        c.Record(DateTimeOffset.UtcNow, Common.Actor.System, "Signal", null, CaseState.Aangemeld);
        var unlogged = RoundTrip(c);
        Assert.True(unlogged.HasUnloggedEvents);
        Assert.Equal(["Signal"], unlogged.History.Select(e => e.What));

        c.ForgetLoggedEvents();
        Assert.DoesNotContain("history", JsonSerializer.Serialize(c, Json));
        Assert.False(RoundTrip(c).HasUnloggedEvents);
    }

    [Fact]
    public void Idempotency_keys_are_kept_only_once_there_is_one()
    {
        var fresh = RoundTrip(Case("a"));
        Assert.Null(fresh.RecentRequests);
        Assert.DoesNotContain("recentRequests", JsonSerializer.Serialize(fresh, Json));

        fresh.Remember("key-1");
        var keyed = RoundTrip(fresh);
        Assert.Equal(1, keyed.VersionOf("key-1"));
        Assert.Null(keyed.VersionOf("key-2"));
    }
}
