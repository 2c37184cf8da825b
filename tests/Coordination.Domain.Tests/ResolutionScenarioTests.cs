using Coordination.Domain.Cases;
using Coordination.Domain.Common;
using Coordination.Domain.Resolution;
using static Coordination.Domain.Resolution.ResolutionWorkflow;
using static Coordination.Domain.Tests.CaseBuilder;
using static Coordination.Domain.Tests.ResolutionBuilder;
using static Coordination.Domain.Tests.TestRegistry;

namespace Coordination.Domain.Tests;

/// <summary>The joint resolution end to end: the situations the product exists for.</summary>
public class ResolutionScenarioTests
{
    /// <summary>Regie stays with B, C keeps paying the TLV, A and B split the arrangement.</summary>
    private static ProposalInput SplitArrangement() => Proposal(B,
        Pays(C, CostKind.TlvFunding, 100), Pays(A, CostKind.ArrangementCosts, 50), Pays(B, CostKind.ArrangementCosts, 50)) with { School = SboB };

    [Fact]
    public void Seeds_000_lives_in_A_school_in_B_TLV_by_C_agreed_on_a_counter_proposal()
    {
        var c = ThreeVerbanden();
        Assert.Equal([A, B, C], c.Parties.Verbanden());

        // Three verbanden: the resolution opens by itself with the policy default.
        Assert.True(OpenOrSync(c, Verbanden(), Now));
        var r = c.Resolution!;
        Assert.Equal(ResolutionState.Open, r.State);
        Assert.Equal([A, B, C], r.Requests.Select(q => q.Verband));
        Assert.All(r.Requests, q => Assert.Equal(RequestState.Invited, q.State));
        var v1 = Assert.Single(r.Proposals);
        Assert.Equal((1, B, SboB), (v1.Version, v1.Regie, v1.School));
        Assert.Equal([new PayerShare(C, CostKind.TlvFunding, 100), new PayerShare(B, CostKind.ArrangementCosts, 100)], v1.Payers);

        // A objects with a counter-proposal: version 2, which A accepts by proposing it.
        Ok(c.Object(A, 1, "wij dragen graag bij, maar niet alleen B", SplitArrangement(), Now.AddHours(1)));
        Assert.Equal(2, r.Current!.Version);
        Assert.Equal(A, r.Current.ProposedBy);
        Assert.Equal(RequestState.Agreed, c.RequestOf(A));
        Assert.Equal(RequestState.Invited, c.RequestOf(B));
        Assert.Equal(ResolutionState.Open, r.State);

        Ok(c.Accept(B, 2, Now.AddHours(2)));
        Assert.Equal(ResolutionState.Open, r.State);
        Assert.Null(c.Agreement);

        Ok(c.Accept(C, 2, Now.AddHours(3)));
        Assert.Equal(ResolutionState.Agreed, r.State);
        Assert.All(r.Requests, q => Assert.Equal(RequestState.Closed, q.State));
        var agreement = c.Agreement!;
        Assert.Same(agreement, r.Agreement);
        Assert.Equal((2, B, SboB, Now.AddHours(3)), (agreement.Version, agreement.Regie, agreement.School, agreement.AgreedAt));
        Assert.Equal([new PayerShare(C, CostKind.TlvFunding, 100), new PayerShare(A, CostKind.ArrangementCosts, 50), new PayerShare(B, CostKind.ArrangementCosts, 50)],
            agreement.Payers);
        Assert.Equal(B, c.LeadVerband);
        Assert.Null(ResolutionWorkflow.NextDue(c));

        Assert.Equal([Opened, Proposed, Objected, Proposed, Accepted, Accepted, Agreed], WhatsAfterStart(c));
        Assert.Equal(Enumerable.Range(1, c.History.Count).Select(i => (long)i), c.History.Select(e => e.Sequence));
        var objection = c.History.Single(e => e.What == Objected);
        Assert.Equal(("wij dragen graag bij, maar niet alleen B", A, "1"), (objection.Reason, objection.Details!["verband"], objection.Details["version"]));
        var agreed = c.History[^1];
        Assert.Equal(Actor.System, agreed.Actor);
        Assert.Equal("2", agreed.Details!["version"]);
        Assert.Equal(B, agreed.Details["regie"]);
        Assert.Equal($"{C}:TlvFunding:100%,{A}:ArrangementCosts:50%,{B}:ArrangementCosts:50%", agreed.Details["payers"]);

        // Agreed: nothing more to answer, and the same verbanden do not open a new resolution.
        Assert.IsType<Outcome.NotPermitted>(c.Accept(A, 2));
        Assert.False(OpenOrSync(c, Verbanden(), Now.AddDays(1)));
    }

    [Fact]
    public void An_agreed_regie_overrides_the_default_lead()
    {
        var c = ThreeVerbanden().Opened();
        Assert.Equal(B, c.LeadVerband);

        Ok(c.Object(A, 1, "het kind woont bij ons", Proposal(A, Pays(C, CostKind.TlvFunding, 100), Pays(A, CostKind.ArrangementCosts, 100))));
        Ok(c.Accept(B, 2));
        Ok(c.Accept(C, 2));

        Assert.Equal(A, c.Agreement!.Regie);
        Assert.Equal(A, c.LeadVerband);
    }

    [Fact]
    public void Silence_climbs_the_ladder_to_the_expertteam_and_then_the_onderwijsconsulent_once_each()
    {
        var c = ThreeVerbanden().Opened();
        var wf = c.Workflow();
        var r = c.Resolution!;
        // Monday 10 March + 5 working days.
        var responseDeadline = new DateOnly(2025, 3, 17);
        Assert.Equal(responseDeadline, r.ResponseDeadline);
        Assert.All(r.Requests, q => Assert.Equal(responseDeadline, q.RespondBy));
        Assert.Equal(DutchTime.StartOf(responseDeadline.AddDays(1)), ResolutionWorkflow.NextDue(c));
        Assert.Equal(DutchTime.StartOf(responseDeadline.AddDays(1)), CaseClocks.NextDue(c));

        // The whole deadline day is still in time.
        Assert.Empty(wf.AdvanceClocks(DutchTime.StartOf(responseDeadline.AddDays(1)).AddTicks(-1)));
        Assert.Equal(ResolutionState.Open, r.State);

        var referredAt = DutchTime.StartOf(responseDeadline.AddDays(1));
        var referred = Assert.Single(wf.AdvanceClocks(referredAt));
        Assert.Equal(ReferredToExpertteam, referred.What);
        Assert.Equal(ResolutionState.Expertteam, r.State);
        Assert.Equal(RegionOfB, r.Region);
        Assert.Equal(referredAt, r.ReferredToExpertteamAt);
        // Tuesday 18 March + 10 working days.
        var expertteamDeadline = new DateOnly(2025, 4, 1);
        Assert.Equal(expertteamDeadline, r.ExpertteamDeadline);
        Assert.Equal(RegionOfB, referred.Details["expertteam"]);
        Assert.Equal("2025-04-01", referred.Details["deadline"]);
        Assert.Contains("2025-03-17", referred.Reason);
        Assert.Null(r.Dossier);
        Assert.Equal(DutchTime.StartOf(expertteamDeadline.AddDays(1)), ResolutionWorkflow.NextDue(c));
        Assert.Equal(DutchTime.StartOf(expertteamDeadline.AddDays(1)), CaseClocks.NextDue(c));

        // No second referral.
        Assert.Empty(wf.AdvanceClocks(referredAt.AddHours(1)));
        Assert.Empty(wf.AdvanceClocks(Noon(expertteamDeadline)));

        var involvedAt = DutchTime.StartOf(expertteamDeadline.AddDays(1));
        var involved = Assert.Single(wf.AdvanceClocks(involvedAt));
        Assert.Equal(OnderwijsconsulentInvolved, involved.What);
        Assert.Equal(ResolutionState.Onderwijsconsulent, r.State);
        Assert.Equal(involvedAt, r.OnderwijsconsulentAt);
        Assert.NotNull(r.Dossier);
        Assert.Equal(r.Dossier, involved.Details["dossier"]);
        Assert.Contains("Case case-1: S.J. (born 2016)", r.Dossier);
        Assert.Contains($"by {C}, 2025-01-01 to 2027-01-01", r.Dossier);
        Assert.Contains($"Proposal v1 by default: regie {B}", r.Dossier);
        Assert.Contains($"expertteam {RegionOfB}", r.Dossier);
        Assert.Contains($"Not answered: {A}, {B}, {C}.", r.Dossier);
        Assert.DoesNotContain("Jansen", r.Dossier);

        // The top of the ladder: nothing more, ever.
        Assert.Null(ResolutionWorkflow.NextDue(c));
        Assert.Empty(wf.AdvanceClocks(involvedAt.AddDays(1)));
        Assert.Empty(wf.AdvanceClocks(involvedAt.AddDays(60)));

        Assert.Equal([Opened, Proposed, ReferredToExpertteam, OnderwijsconsulentInvolved], WhatsAfterStart(c));
        Assert.All(c.History.Skip(3), e => Assert.Equal(Actor.System, e.Actor));
    }

    [Fact]
    public void When_the_first_answer_completes_agreement_a_second_answer_on_that_version_is_refused()
    {
        var c = ThreeVerbanden().Opened();
        Ok(c.Accept(A, 1));
        Ok(c.Accept(B, 1));

        // C and A answer version 1 at the same instant; C's acceptance is applied first and agrees.
        Ok(c.Accept(C, 1, Now.AddMinutes(5)));
        Assert.Equal(ResolutionState.Agreed, c.Resolution!.State);
        var before = FullFingerprint(c);

        var second = Assert.IsType<Outcome.NotPermitted>(c.Object(A, 1, "toch liever anders", at: Now.AddMinutes(5)));
        Assert.Equal("Agreed", second.State);
        Assert.Contains("agreed on version 1", second.Reason);
        Assert.Equal(before, FullFingerprint(c));

        // The same for another acceptance or a new proposal.
        Assert.IsType<Outcome.NotPermitted>(c.Accept(C, 1, Now.AddMinutes(5)));
        Assert.IsType<Outcome.NotPermitted>(c.Propose(B, Proposal(B)));
        Assert.Equal(before, FullFingerprint(c));
    }

    [Fact]
    public void When_the_first_answer_is_a_counter_proposal_an_acceptance_of_the_old_version_is_superseded()
    {
        var c = ThreeVerbanden().Opened();

        // A and B answer version 1 at the same instant; A's objection with a counter-proposal comes first.
        Ok(c.Object(A, 1, "verdeel de kosten", SplitArrangement(), Now.AddMinutes(5)));
        var before = FullFingerprint(c);

        var late = Assert.IsType<Outcome.NotPermitted>(c.Accept(B, 1, Now.AddMinutes(5)));
        Assert.Equal("Accept", late.Trigger);
        Assert.Equal("Open", late.State);
        // Still B's to take, on version 2, which the reason names.
        Assert.Equal(["Accept", "Acknowledge", "Object", "Propose"], late.Permitted);
        Assert.Equal("version 1 is superseded by version 2", late.Reason);
        Assert.Equal(before, FullFingerprint(c));

        // The same for an objection to version 1, and for a version that does not exist.
        Assert.IsType<Outcome.NotPermitted>(c.Object(B, 1, "nee", at: Now.AddMinutes(5)));
        var unknown = Assert.IsType<Outcome.NotPermitted>(c.Accept(B, 3));
        Assert.Equal("there is no version 3; the current one is 2", unknown.Reason);
        Assert.Equal(before, FullFingerprint(c));

        // B answers the current version instead.
        Ok(c.Accept(B, 2));
        Ok(c.Accept(C, 2));
        Assert.Equal(2, c.Agreement!.Version);
    }

    [Fact]
    public void A_verband_that_is_not_a_party_is_forbidden_everything_and_changes_nothing()
    {
        var c = TwoVerbanden().Opened();
        Assert.DoesNotContain(C, c.Parties.Verbanden());
        var before = FullFingerprint(c);

        Assert.IsType<Outcome.Forbidden>(c.OpenByHand(C, "wij willen meedoen"));
        Assert.IsType<Outcome.Forbidden>(c.Propose(C, Proposal(B)));
        Assert.IsType<Outcome.Forbidden>(c.Accept(C, 1));
        Assert.IsType<Outcome.Forbidden>(c.Object(C, 1, "niet mee eens"));
        Assert.IsType<Outcome.Forbidden>(c.Object(C, 1, "niet mee eens", Proposal(A)));
        // Not even an invalid request tells it more.
        Assert.IsType<Outcome.Forbidden>(c.OpenByHand(C, null));
        Assert.IsType<Outcome.Forbidden>(c.Propose(C, new ProposalInput()));
        Assert.IsType<Outcome.Forbidden>(c.Accept(C, 99));
        // Nor does anyone outside the verbanden.
        Assert.IsType<Outcome.Forbidden>(c.Accept(BaoB, 1));
        Assert.IsType<Outcome.Forbidden>(ResolutionWorkflow.Accept(c, Actor.System, 1, Now));

        Assert.Equal(before, FullFingerprint(c));
    }

    [Fact]
    public void A_non_party_verband_is_forbidden_also_before_any_resolution_and_after_agreement()
    {
        var c = TwoVerbanden();
        Assert.IsType<Outcome.Forbidden>(c.OpenByHand(C, "wij willen meedoen"));
        Assert.Null(c.Resolution);

        c.Opened();
        Ok(c.Accept(A, 1));
        Ok(c.Accept(B, 1));
        var before = FullFingerprint(c);

        Assert.IsType<Outcome.Forbidden>(c.OpenByHand(C, "opnieuw"));
        Assert.IsType<Outcome.Forbidden>(c.Propose(C, Proposal(B)));
        Assert.IsType<Outcome.Forbidden>(c.Accept(C, 1));
        Assert.IsType<Outcome.Forbidden>(c.Object(C, 1, "nee"));
        Assert.Equal(before, FullFingerprint(c));
    }
}
