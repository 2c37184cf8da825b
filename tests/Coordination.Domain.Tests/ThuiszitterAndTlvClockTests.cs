using Coordination.Domain.Cases;
using Coordination.Domain.Common;
using Coordination.Domain.Registry;
using static Coordination.Domain.Cases.CaseTrigger;
using static Coordination.Domain.Tests.CaseBuilder;
using static Coordination.Domain.Tests.TestRegistry;

namespace Coordination.Domain.Tests;

/// <summary>The thuiszitter flag, the TLV renewal warning and expiry, and when the clocks next need a look.</summary>
public class ThuiszitterAndTlvClockTests
{
    private static DateTimeOffset On(DateOnly day) => DutchTime.StartOf(day).AddHours(12);

    [Fact]
    public void A_child_out_of_school_four_weeks_is_flagged_once_with_the_onderwijsconsulent_suggested()
    {
        var since = new DateOnly(2025, 2, 3);
        var c = InState(CaseState.Verkenning);
        Assert.IsType<Outcome.Accepted>(c.Apply(Cmd(RecordOutOfSchool) with { Date = "2025-02-03" }, now: On(since)));
        var wf = c.Workflow();

        Assert.Empty(wf.AdvanceClocks(On(since.AddDays(27))));
        var flagged = Assert.Single(wf.AdvanceClocks(On(since.AddDays(28))));
        Assert.Equal(CaseClocks.ThuiszitterFlagged, flagged.What);
        Assert.Equal("onderwijsconsulent", flagged.Details["suggestion"]);
        Assert.Equal("2025-02-03", flagged.Details["since"]);
        Assert.Contains("4 weeks", flagged.Reason);
        Assert.Empty(wf.AdvanceClocks(On(since.AddDays(40))));

        Assert.Equal(1, c.History.Count(e => e.What == CaseClocks.ThuiszitterFlagged));
        Assert.True(c.Thuiszitter!.Flagged);
    }

    [Fact]
    public void Opening_with_out_of_school_since_starts_the_thuiszitter_clock_with_the_verband_threshold()
    {
        var registry = WithPolicy(A, VerbandPolicy.Default with { ThuiszitterWeeks = 2 });
        var c = new CaseRecord();
        Assert.IsType<Outcome.Accepted>(CaseWorkflow.Open(c, "case-1", new NewCase
        {
            ParentsInformed = true,
            Student = new NewStudent { Name = "Sam", DateOfBirth = "2012-05-01", Municipality = GemA }, Sector = "PO",
            OutOfSchoolSince = "2025-03-01",
        }, registry, User, Now));

        Assert.Equal(new DateOnly(2025, 3, 15), c.Thuiszitter!.FlagOn);
        Assert.Equal(DutchTime.StartOf(new DateOnly(2025, 3, 15)), CaseClocks.NextDue(c));
    }

    [Fact]
    public void A_school_place_ends_the_thuiszitter_clock_before_it_flags()
    {
        var c = InState(CaseState.Plaatsing);
        c.Thuiszitter = new ThuiszitterClock(new DateOnly(2025, 3, 1), 4);

        Assert.IsType<Outcome.Accepted>(c.Apply(Cmd(Place) with { School = BaoB }));

        Assert.Equal(Today, c.Thuiszitter!.EndedOn);
        Assert.Empty(c.Workflow().AdvanceClocks(On(new DateOnly(2025, 4, 30))));
    }

    [Fact]
    public void The_TLV_renewal_is_due_three_months_before_its_end_and_it_expires_after()
    {
        var end = new DateOnly(2026, 8, 1);
        var c = InState(CaseState.Geplaatst);
        c.CurrentTlv = SboTlv(A, end);
        var wf = c.Workflow();

        Assert.Empty(wf.AdvanceClocks(On(new DateOnly(2026, 4, 30))));
        var due = Assert.Single(wf.AdvanceClocks(On(new DateOnly(2026, 5, 1))));
        Assert.Equal(CaseClocks.TlvRenewalDue, due.What);
        Assert.Equal(A, due.Details["issuedBy"]);
        Assert.Empty(wf.AdvanceClocks(On(end)));
        Assert.NotNull(c.CurrentTlv);

        Assert.Equal([CaseClocks.TlvExpired], wf.AdvanceClocks(On(end.AddDays(1))).Select(e => e.What));
        Assert.Null(c.CurrentTlv);
        Assert.Empty(wf.AdvanceClocks(On(end.AddDays(2))));
        Assert.Equal(1, c.History.Count(e => e.What == CaseClocks.TlvRenewalDue));
        Assert.Equal(1, c.History.Count(e => e.What == CaseClocks.TlvExpired));
    }

    [Fact]
    public void NextDue_is_null_when_no_clock_runs()
    {
        Assert.Null(CaseClocks.NextDue(InState(CaseState.Verkenning)));
    }

    [Fact]
    public void NextDue_is_the_start_of_the_Dutch_day_of_the_earliest_pending_event()
    {
        // Zorgplicht received 10 June 2025: warning 15 July, breach 23 July. Thuiszitter since 1 July: flag 29 July.
        var c = new CaseRecord
        {
            Zorgplicht = new ZorgplichtClock(BaoA, new DateOnly(2025, 6, 10), 6, 4),
            Thuiszitter = new ThuiszitterClock(new DateOnly(2025, 7, 1), 4),
        };

        Assert.Equal(new DateTimeOffset(2025, 7, 14, 22, 0, 0, TimeSpan.Zero), CaseClocks.NextDue(c));

        c.Workflow().AdvanceClocks(new DateTimeOffset(2025, 7, 14, 22, 0, 0, TimeSpan.Zero));
        Assert.Equal(new DateTimeOffset(2025, 7, 22, 22, 0, 0, TimeSpan.Zero), CaseClocks.NextDue(c));

        c.Workflow().AdvanceClocks(new DateTimeOffset(2025, 7, 22, 22, 0, 0, TimeSpan.Zero));
        Assert.True(c.Zorgplicht!.Breached);
        Assert.Equal(new DateTimeOffset(2025, 7, 28, 22, 0, 0, TimeSpan.Zero), CaseClocks.NextDue(c));
    }

    [Fact]
    public void NextDue_for_a_winter_TLV_end_is_23_UTC_the_day_before()
    {
        var c = new CaseRecord { CurrentTlv = SboTlv(A, new DateOnly(2026, 1, 31)), TlvRenewalWarnedOn = new DateOnly(2025, 10, 31) };
        // Expiry is recorded from 1 February 2026, 00:00 in Amsterdam (CET, UTC+1).
        Assert.Equal(new DateTimeOffset(2026, 1, 31, 23, 0, 0, TimeSpan.Zero), CaseClocks.NextDue(c));
    }

    [Fact]
    public void Advancing_exactly_at_NextDue_records_the_event()
    {
        var c = new CaseRecord { Thuiszitter = new ThuiszitterClock(new DateOnly(2025, 10, 6), 4) };
        var due = CaseClocks.NextDue(c)!.Value;

        Assert.Empty(CaseClocks.Advance(c, due.AddTicks(-1)));
        Assert.Equal([CaseClocks.ThuiszitterFlagged], CaseClocks.Advance(c, due).Select(e => e.What));
        Assert.Null(CaseClocks.NextDue(c));
    }
}
