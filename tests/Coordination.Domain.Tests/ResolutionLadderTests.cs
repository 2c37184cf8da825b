using Coordination.Domain.Cases;
using Coordination.Domain.Common;
using Coordination.Domain.Registry;
using Coordination.Domain.Resolution;
using static Coordination.Domain.Resolution.ResolutionWorkflow;
using static Coordination.Domain.Tests.CaseBuilder;
using static Coordination.Domain.Tests.ResolutionBuilder;
using static Coordination.Domain.Tests.TestRegistry;

namespace Coordination.Domain.Tests;

/// <summary>
/// The escalation ladder: no agreement by the response deadline → the expertteam of the lead verband's
/// jeugdzorgregio; still none after its term → the onderwijsconsulent, with a dossier. Each once; agreement stops it.
/// </summary>
public class ResolutionLadderTests
{
    private static readonly DateOnly ResponseDeadline = new(2025, 3, 17);

    private static DateTimeOffset DayAfter(DateOnly day) => DutchTime.StartOf(day.AddDays(1));

    private static IReadOnlyList<string> Whats(IEnumerable<ClockEvent> events) => events.Select(e => e.What).ToList();

    [Fact]
    public void The_ladder_is_due_at_the_start_of_the_Dutch_day_after_each_deadline()
    {
        var c = TwoVerbanden().Opened();
        // 18 March 00:00 in Amsterdam (CET) is 17 March 23:00 UTC.
        Assert.Equal(new DateTimeOffset(2025, 3, 17, 23, 0, 0, TimeSpan.Zero), ResolutionWorkflow.NextDue(c));
        // No other clock runs in this case.
        Assert.Equal(ResolutionWorkflow.NextDue(c), CaseClocks.NextDue(c));

        Assert.Single(AdvanceDeadlines(c, DayAfter(ResponseDeadline)));
        // 1 April is after the switch to summer time: 2 April 00:00 CEST is 1 April 22:00 UTC.
        Assert.Equal(new DateOnly(2025, 4, 1), c.Resolution!.ExpertteamDeadline);
        Assert.Equal(new DateTimeOffset(2025, 4, 1, 22, 0, 0, TimeSpan.Zero), ResolutionWorkflow.NextDue(c));
        Assert.Equal(ResolutionWorkflow.NextDue(c), CaseClocks.NextDue(c));
    }

    [Fact]
    public void Case_clocks_report_the_earliest_of_the_ladder_and_the_other_clocks()
    {
        var c = ThreeVerbanden().Opened();
        // The TLV of C runs to 2027: the ladder comes first.
        Assert.Equal(DayAfter(ResponseDeadline), CaseClocks.NextDue(c));

        // A TLV ending (renewal already warned) after the response deadline: still the ladder; one ending before it: the TLV.
        c.CurrentTlv = SboTlv(C, new DateOnly(2025, 3, 20));
        c.TlvRenewalWarnedOn = Today;
        Assert.Equal(DayAfter(ResponseDeadline), CaseClocks.NextDue(c));
        c.CurrentTlv = SboTlv(C, new DateOnly(2025, 3, 12));
        Assert.Equal(DayAfter(new DateOnly(2025, 3, 12)), CaseClocks.NextDue(c));
    }

    [Fact]
    public void The_expertteam_term_follows_the_policy_of_the_lead_verband()
    {
        var policy = VerbandPolicy.Default with { ResponseWorkingDays = 1, ExpertteamWorkingDays = 2 };
        var c = ThreeVerbanden(Verbanden(policy)).Opened(Verbanden(policy));
        // Monday + 1 working day.
        Assert.Equal(new DateOnly(2025, 3, 11), c.Resolution!.ResponseDeadline);

        var events = c.Workflow().AdvanceClocks(Noon(new DateOnly(2025, 3, 12)));
        Assert.Equal([ReferredToExpertteam], Whats(events));
        // Wednesday + 2 working days.
        Assert.Equal(new DateOnly(2025, 3, 14), c.Resolution.ExpertteamDeadline);
        Assert.Equal(RegionOfB, c.Resolution.Region);

        // Saturday 15 March is after the expertteam's term.
        Assert.Equal([OnderwijsconsulentInvolved], Whats(c.Workflow().AdvanceClocks(Noon(new DateOnly(2025, 3, 15)))));
    }

    [Fact]
    public void Answers_that_do_not_agree_do_not_stop_the_ladder()
    {
        var c = ThreeVerbanden().Opened();
        Ok(c.Accept(A, 1));
        Ok(c.Object(B, 1, "nee", Proposal(B)));

        Assert.Equal([ReferredToExpertteam], Whats(c.Workflow().AdvanceClocks(DayAfter(ResponseDeadline))));
        Assert.Equal(ResolutionState.Expertteam, c.Resolution!.State);
    }

    [Fact]
    public void After_referral_the_verbanden_still_propose_answer_and_agree()
    {
        var c = ThreeVerbanden().Opened();
        var wf = c.Workflow();
        Assert.Single(wf.AdvanceClocks(DayAfter(ResponseDeadline)));
        var at = Noon(new DateOnly(2025, 3, 20));

        Ok(c.Object(A, 1, "verdeel de kosten", Proposal(B, Pays(C, CostKind.TlvFunding, 100), Pays(A, CostKind.ArrangementCosts, 50), Pays(B, CostKind.ArrangementCosts, 50)), at));
        Assert.Equal(ResolutionState.Expertteam, c.Resolution!.State);
        Ok(c.Accept(B, 2, at));
        Ok(c.Accept(C, 2, at));

        Assert.Equal(ResolutionState.Agreed, c.Resolution.State);
        Assert.Equal(2, c.Agreement!.Version);
        // The expertteam's term no longer matters.
        Assert.Null(ResolutionWorkflow.NextDue(c));
        Assert.Empty(wf.AdvanceClocks(DayAfter(new DateOnly(2025, 4, 1))));
        Assert.Null(c.Resolution.OnderwijsconsulentAt);

        // The expertteam board keeps the case, marked agreed.
        var board = ExpertteamCase.Of(c)!;
        Assert.Equal((RegionOfB, ResolutionState.Agreed, false, 2016), (board.Region, board.ResolutionState, board.OnderwijsconsulentInvolved, board.BirthYear));
        Assert.Equal([A, B, C], board.Verbanden);
    }

    [Fact]
    public void Agreement_is_still_possible_with_the_onderwijsconsulent_involved()
    {
        var c = TwoVerbanden().Opened();
        var wf = c.Workflow();
        wf.AdvanceClocks(DayAfter(ResponseDeadline));
        wf.AdvanceClocks(DayAfter(new DateOnly(2025, 4, 1)));
        Assert.Equal(ResolutionState.Onderwijsconsulent, c.Resolution!.State);

        Ok(c.Accept(A, 1, Noon(new DateOnly(2025, 4, 10))));
        Ok(c.Accept(B, 1, Noon(new DateOnly(2025, 4, 10))));
        Assert.Equal(ResolutionState.Agreed, c.Resolution.State);
        Assert.NotNull(c.Resolution.Dossier);
        Assert.True(ExpertteamCase.Of(c)!.OnderwijsconsulentInvolved);
    }

    [Fact]
    public void An_agreed_resolution_never_escalates()
    {
        var c = ThreeVerbanden().Opened();
        Ok(c.Accept(A, 1));
        Ok(c.Accept(B, 1));
        Ok(c.Accept(C, 1));
        var before = FullFingerprint(c);

        Assert.Null(ResolutionWorkflow.NextDue(c));
        Assert.Empty(AdvanceDeadlines(c, DayAfter(ResponseDeadline)));
        Assert.Empty(c.Workflow().AdvanceClocks(DayAfter(new DateOnly(2025, 6, 1))));
        Assert.Equal(before, FullFingerprint(c));
        Assert.Null(ExpertteamCase.Of(c));
        // Only the TLV's own clock is left.
        Assert.Equal(DutchTime.StartOf(new DateOnly(2026, 10, 1)), CaseClocks.NextDue(c));
    }

    [Fact]
    public void The_dossier_summarises_the_child_minimally_the_parties_the_proposals_and_who_did_what()
    {
        var c = ThreeVerbanden().Opened();
        Ok(ResolutionWorkflow.Acknowledge(c, For(A), Now));
        Ok(c.Object(C, 1, "de TLV loopt af", Proposal(B, Pays(B, CostKind.TlvFunding, 100), Pays(B, CostKind.ArrangementCosts, 100))));
        var wf = c.Workflow();
        // Noon, so the instants have the same date in UTC and in Amsterdam.
        wf.AdvanceClocks(Noon(new DateOnly(2025, 3, 18)));
        wf.AdvanceClocks(Noon(new DateOnly(2025, 4, 2)));

        var dossier = c.Resolution!.Dossier!;
        var lines = dossier.Split('\n');
        Assert.Equal("Case case-1: S.J. (born 2016), sector PO, state Plaatsing.", lines[0]);
        Assert.Equal($"Parties: {A} (ResidenceVerband); {B} (SchoolVerband); {C} (TlvIssuer).", lines[1]);
        Assert.Contains(lines, l => l.StartsWith("TLV: SBO") && l.EndsWith($"by {C}, 2025-01-01 to 2027-01-01."));
        Assert.Contains($"Resolution opened 2025-03-10 by coordination: the case involves {A}, {B}, {C}. Referred to expertteam {RegionOfB} on 2025-03-18.", lines);
        Assert.Contains($"Proposal v1 by default: regie {B}; {C} pays 100% TlvFunding, {B} pays 100% ArrangementCosts.", lines);
        Assert.Contains($"Proposal v2 by {C}: regie {B}; {B} pays 100% TlvFunding, {B} pays 100% ArrangementCosts.", lines);
        Assert.Contains($"{C} objected to v1: de TLV loopt af", lines);
        // A acknowledged and C answered: only B never responded.
        Assert.Equal($"Not answered: {B}.", lines[^1]);
        Assert.DoesNotContain("Jansen", dossier);
        Assert.DoesNotContain("2016-05-01", dossier);
    }
}
