using Coordination.Domain.Cases;
using Coordination.Domain.Common;
using static Coordination.Domain.Cases.CaseTrigger;
using static Coordination.Domain.Tests.CaseBuilder;
using static Coordination.Domain.Tests.TestRegistry;

namespace Coordination.Domain.Tests;

/// <summary>Zorgplicht: six calendar weeks from receipt, warned one week before, breached the day after.</summary>
public class ZorgplichtClockTests
{
    // Received Monday 3 March 2025: the deadline is 14 April, the warning from 7 April.
    private static readonly DateOnly Received = new(2025, 3, 3);
    private static readonly DateOnly Deadline = new(2025, 4, 14);

    /// <summary>Noon in Amsterdam on the given day.</summary>
    private static DateTimeOffset On(DateOnly day) => DutchTime.StartOf(day).AddHours(12);

    private static CaseRecord WithApplication(string receivedOn = "2025-03-03")
    {
        var c = new CaseRecord();
        Assert.IsType<Outcome.Accepted>(CaseWorkflow.Open(c, "case-1", new NewCase
        {
            ParentsInformed = true,
            Student = new NewStudent { Name = "Sam", DateOfBirth = "2016-05-01", Municipality = GemA }, Sector = "PO",
            Application = new NewApplication { School = BaoB, ReceivedOn = receivedOn },
        }, Snapshot(), User, On(new DateOnly(2025, 3, 4))));
        return c;
    }

    private static IEnumerable<string> Whats(IEnumerable<ClockEvent> events) => events.Select(e => e.What);

    [Fact]
    public void An_application_starts_a_six_calendar_week_term()
    {
        var c = WithApplication();
        Assert.Equal(Deadline, c.Zorgplicht!.Deadline);
        Assert.Equal(BaoB, c.Zorgplicht.School);
        Assert.True(c.Zorgplicht.Running);
        Assert.Equal("2025-04-14", c.History[0].Details!["zorgplichtDeadline"]);
    }

    [Fact]
    public void The_warning_comes_exactly_one_week_before_the_deadline_and_only_once()
    {
        var c = WithApplication();
        var wf = c.Workflow();

        Assert.Empty(wf.AdvanceClocks(On(Deadline.AddDays(-8))));
        var warned = wf.AdvanceClocks(On(Deadline.AddDays(-7)));
        Assert.Equal([CaseClocks.ZorgplichtWarning], Whats(warned));
        Assert.Equal("2025-04-14", warned[0].Details["deadline"]);
        Assert.Contains("7 days left", warned[0].Reason);
        Assert.Empty(wf.AdvanceClocks(On(Deadline.AddDays(-7)).AddHours(5)));
        Assert.Empty(wf.AdvanceClocks(On(Deadline.AddDays(-3))));

        Assert.Equal(1, c.History.Count(e => e.What == CaseClocks.ZorgplichtWarning));
        Assert.Equal(Actor.System, c.History[^1].Actor);
    }

    [Fact]
    public void The_breach_is_recorded_the_day_after_the_deadline_and_only_once()
    {
        var c = WithApplication();
        var wf = c.Workflow();
        wf.AdvanceClocks(On(Deadline.AddDays(-7)));

        Assert.Empty(wf.AdvanceClocks(DutchTime.StartOf(Deadline.AddDays(1)).AddTicks(-1)));
        Assert.Equal([CaseClocks.ZorgplichtBreached], Whats(wf.AdvanceClocks(DutchTime.StartOf(Deadline.AddDays(1)))));
        Assert.Empty(wf.AdvanceClocks(On(Deadline.AddDays(10))));

        Assert.Equal(1, c.History.Count(e => e.What == CaseClocks.ZorgplichtBreached));
        Assert.True(c.Zorgplicht!.Breached);
    }

    [Fact]
    public void Extending_by_four_weeks_moves_the_deadline_and_the_warning()
    {
        var c = WithApplication();
        var now = On(new DateOnly(2025, 4, 1));
        Assert.IsType<Outcome.Accepted>(c.Apply(Cmd(ExtendZorgplicht) with { Weeks = 4, Reason = "onderzoek loopt" }, now: now));

        var newDeadline = Deadline.AddDays(28);
        Assert.Equal(newDeadline, c.Zorgplicht!.Deadline);
        Assert.Equal("2025-05-12", c.History[^1].Details!["deadline"]);
        var wf = c.Workflow();
        Assert.Empty(wf.AdvanceClocks(On(Deadline.AddDays(1))));
        Assert.Equal([CaseClocks.ZorgplichtWarning], Whats(wf.AdvanceClocks(On(newDeadline.AddDays(-7)))));
        Assert.Empty(wf.AdvanceClocks(On(newDeadline)));
        Assert.Equal([CaseClocks.ZorgplichtBreached], Whats(wf.AdvanceClocks(On(newDeadline.AddDays(1)))));
    }

    [Fact]
    public void An_extension_after_the_warning_warns_again_before_the_new_deadline()
    {
        var c = WithApplication();
        c.Workflow().AdvanceClocks(On(Deadline.AddDays(-7)));
        Assert.IsType<Outcome.Accepted>(c.Apply(Cmd(ExtendZorgplicht) with { Weeks = 4, Reason = "r" }, now: On(Deadline.AddDays(-6))));

        Assert.False(c.Zorgplicht!.Warned);
        Assert.Equal(DutchTime.StartOf(Deadline.AddDays(21)), CaseClocks.NextDue(c));
    }

    [Fact]
    public void Offering_an_arrangement_fulfils_the_zorgplicht_and_stops_the_clock()
    {
        var c = WithApplication();
        c.State = CaseState.Verkenning;
        var on = new DateOnly(2025, 4, 1);

        Assert.IsType<Outcome.Accepted>(c.Apply(Cmd(OfferArrangement) with { School = BaoB }, now: On(on)));

        Assert.Equal(on, c.Zorgplicht!.FulfilledOn);
        Assert.Null(CaseClocks.NextDue(c));
        Assert.Empty(c.Workflow().AdvanceClocks(On(Deadline.AddDays(5))));
        Assert.DoesNotContain("ExtendZorgplicht", c.Workflow().PermittedTriggers(On(on)));
    }

    [Fact]
    public void A_placement_fulfils_the_zorgplicht_and_stops_the_clock()
    {
        var c = WithApplication();
        c.State = CaseState.Plaatsing;

        Assert.IsType<Outcome.Accepted>(c.Apply(Cmd(Place) with { School = BaoC }, now: On(new DateOnly(2025, 4, 10))));

        Assert.False(c.Zorgplicht!.Running);
        Assert.Empty(c.Workflow().AdvanceClocks(On(Deadline.AddDays(1))));
        Assert.DoesNotContain(c.History, e => e.What == CaseClocks.ZorgplichtBreached);
    }

    [Fact]
    public void A_second_application_is_refused_while_the_term_runs()
    {
        var c = WithApplication();
        var before = Fingerprint(c);
        var refused = Assert.IsType<Outcome.NotPermitted>(c.Apply(Cmd(ReceiveApplication) with { School = BaoC, Date = "2025-03-05" }, now: On(new DateOnly(2025, 3, 6))));
        Assert.Contains("one application at a time", refused.Reason);
        Assert.DoesNotContain("ReceiveApplication", refused.Permitted);
        Assert.Equal(before, Fingerprint(c));
    }

    [Fact]
    public void The_term_follows_the_policy_of_the_school_verband()
    {
        var registry = WithPolicy(B, Registry.VerbandPolicy.Default with { ZorgplichtWeeks = 8 });
        var c = new CaseRecord();
        Assert.IsType<Outcome.Accepted>(CaseWorkflow.Open(c, "case-1", new NewCase
        {
            ParentsInformed = true,
            Student = new NewStudent { Name = "Sam", DateOfBirth = "2016-05-01", Municipality = GemA }, Sector = "PO",
            Application = new NewApplication { School = BaoB, ReceivedOn = "2025-03-03" },
        }, registry, User, Now));

        Assert.Equal(Received.AddDays(56), c.Zorgplicht!.Deadline);
    }
}
