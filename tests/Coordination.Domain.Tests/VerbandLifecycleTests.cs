using Coordination.Domain.Common;
using Coordination.Domain.Registry;
using static Coordination.Domain.Registry.VerbandState;
using static Coordination.Domain.Registry.VerbandTrigger;

namespace Coordination.Domain.Tests;

public class VerbandLifecycleTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 10, 10, 0, 0, TimeSpan.Zero);
    private static readonly Actor Admin = new("admin", "OCW");

    /// <summary>The lifecycle table: from each state, the triggers permitted and where they lead.</summary>
    private static readonly Dictionary<VerbandState, Dictionary<VerbandTrigger, VerbandState>> Table = new()
    {
        [Registered] = new() { [Activate] = Active, [Dissolve] = Dissolved },
        [Active] = new() { [Suspend] = Suspended, [Merge] = Merged, [Dissolve] = Dissolved },
        [Suspended] = new() { [Resume] = Active, [Merge] = Merged, [Dissolve] = Dissolved },
        [Merged] = new(),
        [Dissolved] = new(),
    };

    public static TheoryData<VerbandState, VerbandTrigger> AllPairs()
    {
        var data = new TheoryData<VerbandState, VerbandTrigger>();
        foreach (var s in Enum.GetValues<VerbandState>())
            foreach (var t in Enum.GetValues<VerbandTrigger>())
                data.Add(s, t);
        return data;
    }

    private static VerbandRecord Record(VerbandState state)
    {
        var r = new VerbandRecord { Code = "PO2001", Name = "SWV Utrecht PO", Sector = Sector.PO, State = state };
        r.Record(Admin, Now.AddDays(-10), "Registered", "import");
        r.Record(Admin, Now.AddDays(-9), "PolicyChanged", "ondersteuningsplan 2025");
        return r;
    }

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void Every_state_and_trigger_follows_the_table(VerbandState from, VerbandTrigger trigger)
    {
        var record = Record(from);
        var lifecycle = new VerbandLifecycle(record);
        var permitted = Table[from];

        var outcome = lifecycle.Fire(trigger.ToString(), "besluit algemene vergadering", "PO2002", Admin, Now);

        if (permitted.TryGetValue(trigger, out var to))
        {
            var accepted = Assert.IsType<Outcome.Accepted>(outcome);
            Assert.Equal(3, accepted.Version);
            Assert.Equal(to, record.State);
            Assert.Equal(to, lifecycle.State);
            Assert.Equal(3, record.History.Count);
            var e = record.History[^1];
            Assert.Equal(3, e.Sequence);
            Assert.Equal(trigger == Merge ? "Merge into PO2002" : trigger.ToString(), e.What);
            Assert.Equal("besluit algemene vergadering", e.Reason);
            Assert.Equal(Admin, e.Actor);
            Assert.Equal(Now, e.At);
            Assert.Equal(trigger == Merge ? "PO2002" : null, record.MergedInto);
        }
        else
        {
            var refused = Assert.IsType<Outcome.NotPermitted>(outcome);
            Assert.Equal(trigger.ToString(), refused.Trigger);
            Assert.Equal(from.ToString(), refused.State);
            Assert.Equal(permitted.Keys.Select(k => k.ToString()).Order(), refused.Permitted.Order());
            Assert.Equal(from, record.State);
            Assert.Equal(2, record.Version);
            Assert.Equal(2, record.History.Count);
            Assert.Null(record.MergedInto);
        }
    }

    [Theory]
    [InlineData(Registered)]
    [InlineData(Active)]
    [InlineData(Suspended)]
    [InlineData(Merged)]
    [InlineData(Dissolved)]
    public void Permitted_triggers_are_exactly_the_table_row(VerbandState state)
    {
        var lifecycle = new VerbandLifecycle(Record(state));
        Assert.Equal(Table[state].Keys.Select(k => k.ToString()).Order(), lifecycle.PermittedTriggers.Order());
    }

    [Theory]
    [InlineData(null, "must be")]
    [InlineData("PO2001", "itself")]
    [InlineData("VO2002", "same sector")]
    [InlineData("SWV-2", "must be")]
    public void Merge_needs_a_target_of_the_same_sector_other_than_itself(string? mergeInto, string message)
    {
        var record = Record(Active);
        var outcome = new VerbandLifecycle(record).Fire("Merge", "fusie", mergeInto, Admin, Now);

        var invalid = Assert.IsType<Outcome.Invalid>(outcome);
        var error = Assert.Single(invalid.Errors);
        Assert.Equal("mergeInto", error.Field);
        Assert.Contains(message, error.Message);
        Assert.Equal(Active, record.State);
        Assert.Equal(2, record.Version);
        Assert.Equal(2, record.History.Count);
        Assert.Null(record.MergedInto);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void A_reason_is_required(string? reason)
    {
        var record = Record(Active);
        var outcome = new VerbandLifecycle(record).Fire("Suspend", reason, null, Admin, Now);

        var invalid = Assert.IsType<Outcome.Invalid>(outcome);
        Assert.Equal("reason", Assert.Single(invalid.Errors).Field);
        Assert.Equal(Active, record.State);
        Assert.Equal(2, record.Version);
    }

    [Theory]
    [InlineData("Explode")]
    [InlineData("activate")]
    [InlineData(null)]
    public void An_unknown_trigger_is_invalid(string? trigger)
    {
        var record = Record(Registered);
        var outcome = new VerbandLifecycle(record).Fire(trigger, "why", null, Admin, Now);

        Assert.Equal("trigger", Assert.Single(Assert.IsType<Outcome.Invalid>(outcome).Errors).Field);
        Assert.Equal(Registered, record.State);
        Assert.Equal(2, record.Version);
    }

    [Fact]
    public void Suspend_then_resume_records_both_in_order()
    {
        var record = Record(Active);
        var lifecycle = new VerbandLifecycle(record);

        Assert.IsType<Outcome.Accepted>(lifecycle.Fire("Suspend", "bestuurscrisis", null, Admin, Now));
        Assert.IsType<Outcome.Accepted>(lifecycle.Fire("Resume", "opgelost", null, Admin, Now.AddDays(1)));

        Assert.Equal(Active, record.State);
        Assert.Equal(["Registered", "PolicyChanged", "Suspend", "Resume"], record.History.Select(e => e.What));
        Assert.Equal([1L, 2, 3, 4], record.History.Select(e => e.Sequence));
    }
}
