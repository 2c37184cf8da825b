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
/// Opening a joint resolution: by itself when a case involves several verbanden (with the policy default as
/// version 1), by hand by any party verband with a reason; participants follow the parties while it is open.
/// </summary>
public class ResolutionOpeningTests
{
    [Fact]
    public void A_case_with_one_verband_opens_nothing()
    {
        var c = OneVerband();
        var before = FullFingerprint(c);

        Assert.False(OpenOrSync(c, Verbanden(), Now));
        Assert.Null(c.Resolution);
        Assert.Equal(before, FullFingerprint(c));
    }

    [Fact]
    public void Two_verbanden_open_a_resolution_with_regie_and_arrangement_costs_at_the_school_verband()
    {
        var c = TwoVerbanden();
        Assert.True(OpenOrSync(c, Verbanden(), Now));

        var r = c.Resolution!;
        Assert.Equal((1, ResolutionState.Open, Actor.System.Organisation, Now), (r.Number, r.State, r.OpenedBy, r.OpenedAt));
        Assert.Equal($"the case involves {A}, {B}", r.Reason);
        Assert.Equal([A, B], r.Requests.Select(q => q.Verband));
        Assert.Equal(new DateOnly(2025, 3, 17), r.ResponseDeadline);
        Assert.Equal(RegionOfB, r.Region);
        Assert.Equal(VerbandPolicy.Default.ExpertteamWorkingDays, r.ExpertteamWorkingDays);
        Assert.Null(r.ExpertteamDeadline);

        var v1 = Assert.Single(r.Proposals);
        Assert.Equal((1, DefaultProposer.Organisation, B, BaoB, (DateOnly?)null), (v1.Version, v1.ProposedBy, v1.Regie, v1.School, v1.PlaceBy));
        // No TLV: only the arrangement is paid, by the lead.
        Assert.Equal([new PayerShare(B, CostKind.ArrangementCosts, 100)], v1.Payers);
        // The policy is no participant, so nobody has answered yet.
        Assert.Empty(r.Answers);
        Assert.Null(c.Agreement);

        Assert.Equal([Opened, Proposed], WhatsAfterStart(c));
        var opened = c.History[1];
        Assert.Equal(Actor.System, opened.Actor);
        Assert.Equal($"{A},{B}", opened.Details!["participants"]);
        Assert.Equal("2025-03-17", opened.Details["responseDeadline"]);
        Assert.Equal("1", c.History[2].Details!["version"]);
        Assert.Equal($"{B}:ArrangementCosts:100%", c.History[2].Details!["payers"]);
    }

    [Fact]
    public void The_default_proposes_the_issuer_of_the_current_TLV_as_payer_of_the_TLV_funding()
    {
        var c = ThreeVerbanden().Opened();
        var v1 = c.Resolution!.Current!;
        Assert.Equal(B, v1.Regie);
        Assert.Contains(new PayerShare(C, CostKind.TlvFunding, 100), v1.Payers);
        Assert.Contains(new PayerShare(B, CostKind.ArrangementCosts, 100), v1.Payers);
    }

    [Fact]
    public void The_response_deadline_follows_the_policy_of_the_lead_verband_in_working_days()
    {
        var quick = VerbandPolicy.Default with { ResponseWorkingDays = 2, ExpertteamWorkingDays = 3 };
        var c = TwoVerbanden(Verbanden(quick)).Opened(Verbanden(quick));
        Assert.Equal(new DateOnly(2025, 3, 12), c.Resolution!.ResponseDeadline);
        Assert.Equal(3, c.Resolution.ExpertteamWorkingDays);

        // A's policy does not count: B leads.
        var slowA = Snapshot(v =>
        {
            v[B] = v[B] with { JeugdzorgRegio = RegionOfB };
            v[A] = v[A] with { Policy = VerbandPolicy.Default with { ResponseWorkingDays = 20 } };
        });
        var d = TwoVerbanden(slowA).Opened(slowA);
        Assert.Equal(new DateOnly(2025, 3, 17), d.Resolution!.ResponseDeadline);
    }

    [Fact]
    public void Working_days_skip_the_weekend_and_count_from_the_Dutch_day()
    {
        var c = TwoVerbanden();
        // Friday 14 March 23:30 UTC is already Saturday 15 March in Amsterdam: five working days end Friday 21 March.
        Assert.True(OpenOrSync(c, Verbanden(), new DateTimeOffset(2025, 3, 14, 23, 30, 0, TimeSpan.Zero)));
        Assert.Equal(new DateOnly(2025, 3, 21), c.Resolution!.ResponseDeadline);

        var d = TwoVerbanden();
        // Thursday 13 March: Friday, Monday to Thursday.
        Assert.True(OpenOrSync(d, Verbanden(), Noon(new DateOnly(2025, 3, 13))));
        Assert.Equal(new DateOnly(2025, 3, 20), d.Resolution!.ResponseDeadline);
    }

    [Fact]
    public void An_open_resolution_with_the_same_verbanden_is_left_alone()
    {
        var c = ThreeVerbanden().Opened();
        var before = FullFingerprint(c);

        Assert.False(OpenOrSync(c, Verbanden(), Now.AddDays(1)));
        Assert.Equal(before, FullFingerprint(c));
    }

    [Fact]
    public void A_verband_that_joins_an_open_resolution_is_invited_and_the_untouched_default_follows()
    {
        var c = TwoVerbanden().Opened();
        var joinedAt = Noon(new DateOnly(2025, 3, 12));
        c.CurrentTlv = SboTlv(C);
        Rederive(c);

        Assert.True(OpenOrSync(c, Verbanden(), joinedAt));
        var r = c.Resolution!;
        Assert.Equal([A, B, C], r.Requests.Select(q => q.Verband));
        Assert.Equal(RequestState.Invited, c.RequestOf(C));
        // Wednesday 12 March + 5 working days; the resolution's own deadline stays.
        Assert.Equal(new DateOnly(2025, 3, 19), r.Requests.Single(q => q.Verband == C).RespondBy);
        Assert.Equal(new DateOnly(2025, 3, 17), r.ResponseDeadline);

        var changed = c.History.Single(e => e.What == ParticipantsChanged);
        Assert.Equal((C, ""), (changed.Details!["added"], changed.Details["removed"]));
        // Nobody proposed anything yet, so the default is proposed again with the new TLV issuer as payer.
        Assert.Equal(2, r.Current!.Version);
        Assert.Equal(DefaultProposer.Organisation, r.Current.ProposedBy);
        Assert.Contains(new PayerShare(C, CostKind.TlvFunding, 100), r.Current.Payers);
        Assert.Equal([Opened, Proposed, ParticipantsChanged, Proposed], WhatsAfterStart(c));
    }

    [Fact]
    public void A_verband_that_joins_does_not_replace_a_proposal_made_by_a_participant()
    {
        var c = TwoVerbanden().Opened();
        Ok(c.Propose(A, Proposal(A)));
        c.CurrentTlv = SboTlv(C);
        Rederive(c);

        Assert.True(OpenOrSync(c, Verbanden(), Now.AddHours(1)));
        Assert.Equal(2, c.Resolution!.Current!.Version);
        Assert.Equal(A, c.Resolution.Current.ProposedBy);
        // A's acceptance of its own version does not agree for C.
        Assert.Equal(ResolutionState.Open, c.Resolution.State);
        Ok(c.Accept(B, 2));
        Assert.Equal(ResolutionState.Open, c.Resolution.State);
        Ok(c.Accept(C, 2));
        Assert.Equal(ResolutionState.Agreed, c.Resolution.State);
    }

    [Fact]
    public void A_verband_that_is_no_longer_a_party_has_its_request_closed_and_may_not_answer()
    {
        var c = ThreeVerbanden().Opened();
        c.CurrentTlv = null;
        Rederive(c);

        Assert.True(OpenOrSync(c, Verbanden(), Now.AddHours(1)));
        Assert.Equal(RequestState.Closed, c.RequestOf(C));
        Assert.False(c.Resolution!.IsParticipant(C));
        var changed = c.History.Single(e => e.What == ParticipantsChanged);
        Assert.Equal(("", C), (changed.Details!["added"], changed.Details["removed"]));

        var before = FullFingerprint(c);
        Assert.IsType<Outcome.Forbidden>(c.Accept(C, c.Resolution.Current!.Version));
        Assert.Equal(before, FullFingerprint(c));
    }

    [Fact]
    public void An_agreed_resolution_is_not_reopened_for_the_same_verbanden_but_is_for_a_different_set()
    {
        var c = TwoVerbanden().Opened();
        Ok(c.Accept(A, 1));
        Ok(c.Accept(B, 1));
        var agreement = c.Agreement!;
        var before = FullFingerprint(c);

        Assert.False(OpenOrSync(c, Verbanden(), Now.AddDays(1)));
        Assert.Equal(before, FullFingerprint(c));

        // C issues a TLV: the verbanden differ from those that agreed.
        c.CurrentTlv = SboTlv(C);
        Rederive(c);
        Assert.True(OpenOrSync(c, Verbanden(), Now.AddDays(2)));
        var r = c.Resolution!;
        Assert.Equal((2, ResolutionState.Open), (r.Number, r.State));
        Assert.Equal([A, B, C], r.Requests.Select(q => q.Verband));
        Assert.All(r.Requests, q => Assert.Equal(RequestState.Invited, q.State));
        Assert.Equal(1, Assert.Single(r.Proposals).Version);
        Assert.Empty(r.Answers);
        Assert.Null(r.Agreement);
        // The earlier agreement holds until a new one is reached.
        Assert.Same(agreement, c.Agreement);
        Assert.Equal([Opened, Proposed, Accepted, Accepted, Agreed, Opened, Proposed], WhatsAfterStart(c));
    }

    [Fact]
    public void Any_party_verband_opens_a_resolution_by_hand_with_a_reason()
    {
        var c = TwoVerbanden();
        Ok(c.OpenByHand(A, "  de school kan de ondersteuning niet bieden  "));

        var r = c.Resolution!;
        Assert.Equal((1, A, "de school kan de ondersteuning niet bieden"), (r.Number, r.OpenedBy, r.Reason));
        Assert.Equal([A, B], r.Requests.Select(q => q.Verband).Order());
        Assert.Equal(B, r.Current!.Regie);
        Assert.Equal([Opened, Proposed], WhatsAfterStart(c));
        Assert.Equal(For(A), c.History[1].Actor);
        Assert.Equal("de school kan de ondersteuning niet bieden", c.History[1].Reason);
    }

    [Fact]
    public void A_verband_alone_in_a_case_cannot_open_a_resolution_it_would_agree_with_itself()
    {
        // Before, it could: it proposed, accepted its own proposal and so "agreed", and that agreement then stood
        // when other verbanden joined the case.
        var c = OneVerband();
        var before = FullFingerprint(c);

        var refused = Assert.IsType<Outcome.NotPermitted>(c.OpenByHand(A, "bijzondere situatie"));

        Assert.Equal(("Open", "None"), (refused.Trigger, refused.State));
        Assert.Contains("needs two verbanden", refused.Reason);
        Assert.Empty(refused.Permitted);
        Assert.Empty(ResolutionWorkflow.PermittedSteps(c, For(A)));
        Assert.Equal(before, FullFingerprint(c));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Opening_by_hand_needs_a_reason(string? reason)
    {
        var c = TwoVerbanden();
        var before = FullFingerprint(c);

        AssertInvalid(c.OpenByHand(A, reason), "reason");
        Assert.Equal(before, FullFingerprint(c));
    }

    [Fact]
    public void Opening_by_hand_a_reason_longer_than_2000_characters_is_refused()
    {
        var c = TwoVerbanden();
        AssertInvalid(c.OpenByHand(A, new string('x', 2001)), "reason");
        Assert.Null(c.Resolution);
        Ok(c.OpenByHand(A, new string('x', 2000)));
    }

    [Fact]
    public void Opening_by_hand_while_one_is_open_is_not_permitted_and_changes_nothing()
    {
        var c = TwoVerbanden().Opened();
        var before = FullFingerprint(c);

        var refused = Assert.IsType<Outcome.NotPermitted>(c.OpenByHand(B, "nog een keer"));
        Assert.Equal(("Open", "Open"), (refused.Trigger, refused.State));
        Assert.Contains("already open", refused.Reason);
        // Also without a reason: the state is the answer.
        Assert.IsType<Outcome.NotPermitted>(c.OpenByHand(B, null));
        Assert.Equal(before, FullFingerprint(c));
    }

    [Fact]
    public void After_agreement_a_party_verband_may_open_a_new_resolution_by_hand()
    {
        var c = TwoVerbanden().Opened();
        Ok(c.Accept(A, 1));
        Ok(c.Accept(B, 1));

        Ok(c.OpenByHand(A, "de situatie is veranderd", Now.AddDays(7)));
        var r = c.Resolution!;
        Assert.Equal((2, ResolutionState.Open, A), (r.Number, r.State, r.OpenedBy));
        Assert.Equal(new DateOnly(2025, 3, 24), r.ResponseDeadline);
        Assert.Equal(1, r.Current!.Version);
        Assert.NotNull(c.Agreement);
    }

    [Fact]
    public void Without_a_resolution_nothing_can_be_proposed_or_answered()
    {
        var c = TwoVerbanden();
        var before = FullFingerprint(c);

        var refused = Assert.IsType<Outcome.NotPermitted>(c.Propose(A, Proposal(A)));
        Assert.Equal(("Propose", "None"), (refused.Trigger, refused.State));
        Assert.Equal(["Open"], refused.Permitted);
        Assert.IsType<Outcome.NotPermitted>(c.Accept(A, 1));
        Assert.IsType<Outcome.NotPermitted>(c.Object(A, 1, "nee"));
        Assert.Empty(AdvanceDeadlines(c, Now.AddDays(100)));
        Assert.Null(ResolutionWorkflow.NextDue(c));
        Assert.Equal(before, FullFingerprint(c));
    }

    [Fact]
    public void A_verband_acknowledges_its_request_once()
    {
        var c = ThreeVerbanden().Opened();
        Ok(ResolutionWorkflow.Acknowledge(c, For(A), Now.AddHours(1)));
        Assert.Equal(RequestState.Acknowledged, c.RequestOf(A));
        Assert.Equal(Acknowledged, c.History[^1].What);
        Assert.Equal(A, c.History[^1].Details!["verband"]);
        var before = FullFingerprint(c);

        Assert.IsType<Outcome.NotPermitted>(ResolutionWorkflow.Acknowledge(c, For(A), Now.AddHours(2)));
        Assert.IsType<Outcome.Forbidden>(ResolutionWorkflow.Acknowledge(c, For("PO2009"), Now.AddHours(2)));
        Assert.Equal(before, FullFingerprint(c));

        // An acknowledged verband still answers.
        Ok(c.Accept(A, 1));
        Assert.Equal(RequestState.Agreed, c.RequestOf(A));
        Assert.IsType<Outcome.NotPermitted>(ResolutionWorkflow.Acknowledge(c, For(A), Now.AddHours(3)));
    }
}
