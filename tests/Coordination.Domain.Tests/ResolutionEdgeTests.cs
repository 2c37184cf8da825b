using Coordination.Domain.Cases;
using Coordination.Domain.Common;
using Coordination.Domain.Resolution;
using static Coordination.Domain.Tests.CaseBuilder;
using static Coordination.Domain.Tests.ResolutionBuilder;
using static Coordination.Domain.Tests.TestRegistry;

namespace Coordination.Domain.Tests;

/// <summary>Edge cases the first round of tests found: answering twice, verbanden leaving and coming back, Dutch dates.</summary>
public class ResolutionEdgeTests
{
    [Fact]
    public void A_proposer_accepting_its_own_version_again_is_refused_and_changes_nothing()
    {
        var c = ThreeVerbanden().Opened();
        Ok(c.Propose(A, Proposal(B)));
        var before = FullFingerprint(c);

        var refused = Assert.IsType<Outcome.NotPermitted>(c.Accept(A, 2));

        Assert.Contains("accepted version 2 already", refused.Reason);
        // The resolution's state and A's steps as the API names them, not A's request state and its machine's
        // triggers (a walkthrough got "Agreed" while the resolution was open, beside "Close" and "NewProposal").
        Assert.Equal(("Accept", "Open"), (refused.Trigger, refused.State));
        Assert.Equal(["Object", "Propose"], refused.Permitted);
        Assert.Equal(before, FullFingerprint(c));
    }

    [Fact]
    public void Every_refused_step_names_the_resolutions_state_and_only_steps_the_API_offers()
    {
        var steps = Enum.GetNames<ResolutionWorkflow.Step>();
        var c = ThreeVerbanden().Opened();
        Ok(c.Accept(A, 1));
        Ok(c.Object(B, 1, "nee"));
        Ok(ResolutionWorkflow.Acknowledge(c, For(C), Now));

        var refusals = new[]
        {
            c.Accept(A, 1), c.Object(B, 1, "nog steeds nee"), ResolutionWorkflow.Acknowledge(c, For(C), Now),
            ResolutionWorkflow.Acknowledge(c, For(A), Now), c.Accept(C, 7), c.OpenByHand(B, "nog een keer"),
        };

        Assert.All(refusals, outcome =>
        {
            var refused = Assert.IsType<Outcome.NotPermitted>(outcome);
            Assert.Equal("Open", refused.State);
            Assert.Contains(refused.Trigger, steps);
            Assert.All(refused.Permitted, p => Assert.Contains(p, steps));
            Assert.Contains("Propose", refused.Permitted);
        });
        Assert.Equal(["Accept", "Object", "Propose"], ((Outcome.NotPermitted)refusals[2]).Permitted);
    }

    [Fact]
    public void Accepting_twice_or_objecting_twice_is_refused_and_changes_nothing()
    {
        var c = ThreeVerbanden().Opened();
        Ok(c.Accept(A, 1));
        Ok(c.Object(B, 1, "nee"));
        var before = FullFingerprint(c);

        Assert.IsType<Outcome.NotPermitted>(c.Accept(A, 1));
        Assert.IsType<Outcome.NotPermitted>(c.Object(B, 1, "nog steeds nee"));
        Assert.Equal(before, FullFingerprint(c));
    }

    [Fact]
    public void Agreement_after_a_verband_left_does_not_open_a_new_resolution()
    {
        var c = ThreeVerbanden().Opened();
        c.CurrentTlv = null;
        Rederive(c);
        Assert.True(ResolutionWorkflow.OpenOrSync(c, Verbanden(), Now));
        Assert.Equal(RequestState.Closed, c.RequestOf(C));
        var v = c.Resolution!.Current!.Version;
        Ok(c.Accept(A, v));
        Ok(c.Accept(B, v));
        Assert.Equal(ResolutionState.Agreed, c.Resolution!.State);

        Assert.False(ResolutionWorkflow.OpenOrSync(c, Verbanden(), Now.AddDays(1)));
        Assert.Equal(1, c.Resolution!.Number);
    }

    [Fact]
    public void An_agreement_lapses_when_the_case_has_other_verbanden_and_the_lead_falls_back_to_the_policy()
    {
        var c = TwoVerbanden().Opened();
        Ok(c.Propose(A, Proposal(A)));
        Ok(c.Accept(B, 2));
        Assert.Equal((A, A), (c.Agreement?.Regie, c.LeadVerband));

        // The child moves to a school in A: B, which agreed, is no party any more (as after a hand-over to VO).
        c.Student = c.Student with { School = BaoA };
        Rederive(c);
        Assert.True(ResolutionWorkflow.OpenOrSync(c, Verbanden(), Now.AddDays(1)));

        Assert.Null(c.Agreement);
        Assert.Equal(A, c.LeadVerband);
        Assert.Equal((ResolutionWorkflow.AgreementLapsed, "2", $"{A},{B}"),
            (c.History[^1].What, c.History[^1].Details!["version"], c.History[^1].Details!["verbanden"]));
        // What was agreed then stays with the resolution that agreed it, which says its agreement lapsed.
        Assert.Equal((ResolutionState.Lapsed, 2), (c.Resolution!.State, c.Resolution.Agreement!.Version));
        var refused = Assert.IsType<Outcome.NotPermitted>(c.Accept(A, 2));
        Assert.Equal(("Lapsed", "the agreement of resolution 1 lapsed"), (refused.State, refused.Reason));

        // Back with A and B: the old agreement does not come back; they resolve again.
        c.Student = c.Student with { School = BaoB };
        Rederive(c);
        Assert.True(ResolutionWorkflow.OpenOrSync(c, Verbanden(), Now.AddDays(2)));
        Assert.Null(c.Agreement);
        Assert.Equal(B, c.LeadVerband);
        Assert.Equal((2, ResolutionState.Open), (c.Resolution!.Number, c.Resolution.State));
    }

    [Fact]
    public void A_resolution_opened_for_a_verband_that_joined_closes_when_it_leaves_again_and_the_earlier_agreement_stands()
    {
        var c = TwoVerbanden().Opened();
        Ok(c.Accept(A, 1));
        Ok(c.Accept(B, 1));
        var agreement = c.Agreement;
        c.CurrentTlv = SboTlv(C);
        Rederive(c);
        Assert.True(ResolutionWorkflow.OpenOrSync(c, Verbanden(), Now.AddDays(1)));
        Assert.Equal((2, ResolutionState.Open), (c.Resolution!.Number, c.Resolution.State));

        // C's TLV is withdrawn before anyone answered: A and B are the case's verbanden again, and they agreed.
        c.CurrentTlv = null;
        Rederive(c);
        Assert.True(ResolutionWorkflow.OpenOrSync(c, Verbanden(), Now.AddDays(2)));

        // Before, resolution 2 stayed open and climbed to the expertteam over what A and B had settled.
        Assert.Equal(ResolutionState.Closed, c.Resolution!.State);
        Assert.Equal($"the agreement of {A}, {B} covers the case again", c.History[^1].Reason);
        Assert.Same(agreement, c.Agreement);
        Assert.Empty(ResolutionWorkflow.AdvanceDeadlines(c, Now.AddDays(100)));
    }

    [Fact]
    public void A_verband_left_alone_in_a_resolution_does_not_agree_with_itself_the_resolution_closes()
    {
        var c = TwoVerbanden().Opened();
        Ok(c.Accept(A, 1));

        // B leaves the case: A had accepted, but there is nobody left to have agreed with.
        c.Student = c.Student with { School = BaoA };
        Rederive(c);
        Assert.True(ResolutionWorkflow.OpenOrSync(c, Verbanden(), Now.AddDays(1)));

        Assert.Equal(ResolutionState.Closed, c.Resolution!.State);
        Assert.Null(c.Agreement);
    }

    [Fact]
    public void An_agreement_of_one_verband_alone_stored_before_lapses_and_the_verbanden_resolve_again()
    {
        var c = TwoVerbanden();
        c.Agreement = new Agreement(1, A, [new PayerShare(A, CostKind.ArrangementCosts, 100)], null, null, Now.AddDays(-1), [A]);

        Assert.True(ResolutionWorkflow.OpenOrSync(c, Verbanden(), Now));

        Assert.Null(c.Agreement);
        Assert.Contains(c.History, e => e.What == ResolutionWorkflow.AgreementLapsed && e.Reason == $"{A} agreed with nobody but itself");
        Assert.Equal(ResolutionState.Open, c.Resolution!.State);
        Assert.Equal(B, c.LeadVerband);
    }

    [Fact]
    public void An_objection_whose_counter_proposal_repeats_the_terms_objected_to_is_refused_and_changes_nothing()
    {
        var c = TwoVerbanden().Opened();
        var before = FullFingerprint(c);
        var current = c.Resolution!.Current!;
        var same = new ProposalInput
        {
            Regie = current.Regie,
            Payers = [.. current.Payers.Select(p => Pays(p.Verband, p.Cost, p.Percent))],
            School = current.School,
        };

        var refused = ResolutionWorkflow.Object(c, For(A), 1, new ObjectionInput { Reason = "nee", CounterProposal = same }, Verbanden(), Now);

        Assert.Equal("counterProposal", Assert.Single(Assert.IsType<Outcome.Invalid>(refused).Errors).Field);
        Assert.Equal(before, FullFingerprint(c));
    }

    [Fact]
    public void A_change_of_parties_that_leaves_the_default_as_it_was_keeps_the_acceptances_given_to_it()
    {
        // A lives in A's municipality, goes to school in B, C issued the TLV: B leads and pays the arrangement, C the TLV.
        var c = ThreeVerbanden().Opened();
        Ok(c.Accept(C, 1));

        // The family moves into B's region: A leaves; the default (B leads, C and B pay) stays what it was.
        c.Student = c.Student with { Municipality = GemB };
        Rederive(c);
        Assert.True(ResolutionWorkflow.OpenOrSync(c, Verbanden(), Now.AddDays(1)));

        // Before, an identical version 2 wiped C's acceptance and refused its answer to version 1 as superseded.
        Assert.Equal(1, c.Resolution!.Current!.Version);
        Assert.Equal(RequestState.Agreed, c.RequestOf(C));
        Ok(c.Accept(B, 1));
        Assert.Equal(ResolutionState.Agreed, c.Resolution.State);
    }

    [Fact]
    public void Proposing_the_terms_of_the_current_version_again_is_refused_and_changes_nothing()
    {
        var c = TwoVerbanden().Opened();
        Ok(c.Propose(A, Proposal(A)));
        var before = FullFingerprint(c);

        var refused = Assert.IsType<Outcome.NotPermitted>(c.Propose(B, Proposal(A) with { Note = "zelfde, andere woorden" }));

        Assert.Equal("version 2 proposes these terms already: accept it instead", refused.Reason);
        Assert.Contains("Accept", refused.Permitted);
        Assert.Equal(before, FullFingerprint(c));
    }

    [Fact]
    public void Closing_the_case_closes_its_open_resolution_and_no_step_is_taken_after()
    {
        var c = TwoVerbanden().Opened();
        c.State = CaseState.Afgesloten;

        Assert.True(ResolutionWorkflow.OpenOrSync(c, Verbanden(), Now.AddDays(1)));

        var r = c.Resolution!;
        Assert.Equal(ResolutionState.Closed, r.State);
        Assert.Empty(r.Active);
        Assert.Null(r.NextDeadline);
        Assert.Equal((ResolutionWorkflow.Closed, "the case was closed"), (c.History[^1].What, c.History[^1].Reason));
        var before = FullFingerprint(c);
        var refused = Assert.IsType<Outcome.NotPermitted>(c.Object(B, 1, "nee"));
        Assert.Equal(("Closed", "resolution 1 was closed without agreement"), (refused.State, refused.Reason));
        Assert.Empty(refused.Permitted);
        Assert.IsType<Outcome.NotPermitted>(c.OpenByHand(A, "nog een keer"));
        Assert.Empty(ResolutionWorkflow.AdvanceDeadlines(c, Now.AddDays(100)));
        Assert.False(ResolutionWorkflow.OpenOrSync(c, Verbanden(), Now.AddDays(2)));
        Assert.Equal(before, FullFingerprint(c));
    }

    [Fact]
    public void A_resolution_left_with_one_verband_by_a_change_of_parties_closes_and_a_new_one_opens_when_two_return()
    {
        var c = TwoVerbanden().Opened();
        var student = c.Student;
        c.Student = student with { School = BaoA };
        Rederive(c);

        Assert.True(ResolutionWorkflow.OpenOrSync(c, Verbanden(), Now));
        Assert.Equal(ResolutionState.Closed, c.Resolution!.State);
        Assert.Empty(ResolutionWorkflow.AdvanceDeadlines(c, Now.AddDays(100)));

        c.Student = student;
        Rederive(c);
        Assert.True(ResolutionWorkflow.OpenOrSync(c, Verbanden(), Now.AddDays(1)));
        Assert.Equal((2, ResolutionState.Open), (c.Resolution!.Number, c.Resolution.State));
    }

    [Fact]
    public void When_the_only_verband_that_had_not_accepted_leaves_the_others_have_agreed()
    {
        var c = ThreeVerbanden().Opened();
        Ok(c.Propose(A, Proposal(B)));
        Ok(c.Accept(B, 2));
        c.CurrentTlv = null;
        Rederive(c);

        Assert.True(ResolutionWorkflow.OpenOrSync(c, Verbanden(), Now));

        Assert.Equal(ResolutionState.Agreed, c.Resolution!.State);
        Assert.Empty(c.Workflow().AdvanceClocks(Now.AddDays(10)));
        Assert.DoesNotContain(c.History, e => e.What == ResolutionWorkflow.ReferredToExpertteam);
    }

    [Fact]
    public void A_verband_that_leaves_and_comes_back_answers_once_and_agreement_sticks()
    {
        var c = ThreeVerbanden().Opened();
        var tlv = c.CurrentTlv;
        c.CurrentTlv = null;
        Rederive(c);
        Assert.True(ResolutionWorkflow.OpenOrSync(c, Verbanden(), Now));
        c.CurrentTlv = tlv;
        Rederive(c);
        Assert.True(ResolutionWorkflow.OpenOrSync(c, Verbanden(), Now));
        var v = c.Resolution!.Current!.Version;

        Ok(c.Accept(C, v));
        Ok(c.Accept(A, v));
        Ok(c.Accept(B, v));

        Assert.Equal(ResolutionState.Agreed, c.Resolution!.State);
        Assert.False(ResolutionWorkflow.OpenOrSync(c, Verbanden(), Now.AddDays(1)));
        Assert.Single(InboxEntry.Of(c), e => e.Verband == C);
    }

    [Fact]
    public void The_dossier_gives_Dutch_dates_even_when_the_ladder_fires_at_Dutch_midnight()
    {
        var c = ThreeVerbanden().Opened();
        var deadline = c.Resolution!.ResponseDeadline;
        // The ladder fires at 00:00 Amsterdam on the day after the deadline: still the evening before in UTC.
        var referral = DutchTime.StartOf(deadline.AddDays(1));
        c.Workflow().AdvanceClocks(referral);
        var expertteamDeadline = c.Resolution.ExpertteamDeadline!.Value;
        c.Workflow().AdvanceClocks(DutchTime.StartOf(expertteamDeadline.AddDays(1)));

        Assert.Contains($"on {deadline.AddDays(1):yyyy-MM-dd}", c.Resolution.Dossier);
    }
}
