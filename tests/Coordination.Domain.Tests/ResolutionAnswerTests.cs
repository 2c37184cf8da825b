using Coordination.Domain.Cases;
using Coordination.Domain.Common;
using Coordination.Domain.Resolution;
using static Coordination.Domain.Resolution.ResolutionWorkflow;
using static Coordination.Domain.Tests.CaseBuilder;
using static Coordination.Domain.Tests.ResolutionBuilder;
using static Coordination.Domain.Tests.TestRegistry;

namespace Coordination.Domain.Tests;

/// <summary>
/// Proposals, acceptances and objections in a resolution of A, B and C: who may, what a proposal must say,
/// when a version is agreed. Every refusal changes nothing.
/// </summary>
public class ResolutionAnswerTests
{
    private static ProposalInput Valid() => Proposal(B, Pays(C, CostKind.TlvFunding, 100), Pays(B, CostKind.ArrangementCosts, 100));

    /// <summary>Proposals that are wrong in one way, and the field the refusal names.</summary>
    private static readonly Dictionary<string, (ProposalInput Input, string Field)> Wrong = new()
    {
        ["no regie"] = (Valid() with { Regie = null }, "regie"),
        ["regie not a code"] = (Valid() with { Regie = "B" }, "regie"),
        ["regie not a participant"] = (Valid() with { Regie = "PO2009" }, "regie"),
        ["regie a VO verband"] = (Valid() with { Regie = VoA }, "regie"),
        ["no payers"] = (Valid() with { Payers = null }, "payers"),
        ["empty payers"] = (Valid() with { Payers = [] }, "payers"),
        ["payer without verband"] = (Proposal(B, new PayerInput { Cost = "ArrangementCosts", Percent = 100 }), "payers[0].verband"),
        ["payer not a code"] = (Proposal(B, Pays("verband B", CostKind.ArrangementCosts, 100)), "payers[0].verband"),
        ["payer not a participant"] = (Proposal(B, Pays("PO2009", CostKind.ArrangementCosts, 100)), "payers[0].verband"),
        ["payer without cost"] = (Proposal(B, new PayerInput { Verband = B, Percent = 100 }), "payers[0].cost"),
        ["payer with unknown cost"] = (Proposal(B, new PayerInput { Verband = B, Cost = "Transport", Percent = 100 }), "payers[0].cost"),
        ["payer with cost as number"] = (Proposal(B, new PayerInput { Verband = B, Cost = "1", Percent = 100 }), "payers[0].cost"),
        ["payer without percent"] = (Proposal(B, new PayerInput { Verband = B, Cost = "ArrangementCosts" }), "payers[0].percent"),
        ["percent 0"] = (Proposal(B, Pays(B, CostKind.ArrangementCosts, 0)), "payers[0].percent"),
        ["percent 101"] = (Proposal(B, Pays(B, CostKind.ArrangementCosts, 101)), "payers[0].percent"),
        ["second payer wrong"] = (Proposal(B, Pays(B, CostKind.ArrangementCosts, 50), Pays(A, CostKind.ArrangementCosts, -50)), "payers[1].percent"),
        ["shares add up to 90"] = (Proposal(B, Pays(A, CostKind.ArrangementCosts, 50), Pays(B, CostKind.ArrangementCosts, 40)), "payers"),
        ["shares add up to 150"] = (Proposal(B, Pays(C, CostKind.TlvFunding, 100), Pays(A, CostKind.TlvFunding, 50)), "payers"),
        ["one verband twice"] = (Proposal(B, Pays(A, CostKind.ArrangementCosts, 50), Pays(A, CostKind.ArrangementCosts, 50)), "payers"),
        ["school not a code"] = (Valid() with { School = "De Linde" }, "school"),
        ["school unknown"] = (Valid() with { School = "99ZZ99" }, "school"),
        ["placeBy not a date"] = (Valid() with { PlaceBy = "1-4-2025" }, "placeBy"),
        ["placeBy in the past"] = (Valid() with { PlaceBy = "2025-03-09" }, "placeBy"),
        ["note too long"] = (Valid() with { Note = new string('n', 2001) }, "note"),
    };

    public static TheoryData<string> WrongProposals() => new(Wrong.Keys);

    [Theory]
    [MemberData(nameof(WrongProposals))]
    public void A_wrong_proposal_is_refused_naming_the_field_and_changes_nothing(string wrong)
    {
        var c = ThreeVerbanden().Opened();
        var before = FullFingerprint(c);

        AssertInvalid(c.Propose(A, Wrong[wrong].Input), Wrong[wrong].Field);
        Assert.Equal(before, FullFingerprint(c));
    }

    [Theory]
    [MemberData(nameof(WrongProposals))]
    public void A_wrong_counter_proposal_refuses_the_whole_objection_naming_the_field_under_counterProposal(string wrong)
    {
        var c = ThreeVerbanden().Opened();
        var before = FullFingerprint(c);

        AssertInvalid(c.Object(A, 1, "anders", Wrong[wrong].Input), "counterProposal." + Wrong[wrong].Field);
        Assert.Equal(before, FullFingerprint(c));
    }

    [Fact]
    public void Every_wrong_field_is_named_at_once()
    {
        var c = ThreeVerbanden().Opened();
        var invalid = Assert.IsType<Outcome.Invalid>(c.Propose(A, new ProposalInput
        {
            Payers = [new PayerInput { Verband = "x" }],
            School = "x",
            PlaceBy = "x",
        }));
        Assert.Equal(["payers[0].cost", "payers[0].percent", "payers[0].verband", "placeBy", "regie", "school"],
            invalid.Errors.Select(e => e.Field).Distinct().Order());
    }

    [Fact]
    public void A_participant_proposes_the_next_version_and_accepts_it_by_proposing()
    {
        var c = ThreeVerbanden().Opened();
        var at = Now.AddHours(1);
        Ok(c.Propose(C, new ProposalInput
        {
            Regie = A,
            Payers = [Pays(C, CostKind.TlvFunding, 100), Pays(A, CostKind.ArrangementCosts, 30), Pays(B, CostKind.ArrangementCosts, 70)],
            School = SboA,
            PlaceBy = "2025-03-10",
            Note = "  plaatsing dichter bij huis  ",
        }, at));

        var r = c.Resolution!;
        var v2 = r.Current!;
        Assert.Equal((2, C, at, A, SboA, (DateOnly?)Today, "plaatsing dichter bij huis"), (v2.Version, v2.ProposedBy, v2.At, v2.Regie, v2.School, v2.PlaceBy, v2.Note));
        Assert.Equal([new PayerShare(C, CostKind.TlvFunding, 100), new PayerShare(A, CostKind.ArrangementCosts, 30), new PayerShare(B, CostKind.ArrangementCosts, 70)], v2.Payers);
        var own = Assert.Single(r.Answers);
        Assert.Equal((C, 2, true), (own.Verband, own.Version, own.Accepted));
        Assert.Equal(RequestState.Agreed, c.RequestOf(C));
        Assert.Equal(RequestState.Invited, c.RequestOf(A));
        Assert.Equal(ResolutionState.Open, r.State);

        var made = c.History[^1];
        Assert.Equal((Proposed, "plaatsing dichter bij huis"), (made.What, made.Reason));
        Assert.Equal(For(C), made.Actor);
        Assert.Equal("2", made.Details!["version"]);
        Assert.Equal(A, made.Details["regie"]);
        Assert.Equal(SboA, made.Details["school"]);
        Assert.Equal($"{C}:TlvFunding:100%,{A}:ArrangementCosts:30%,{B}:ArrangementCosts:70%", made.Details["payers"]);
    }

    [Fact]
    public void A_school_outside_every_verband_may_be_proposed()
    {
        var c = ThreeVerbanden().Opened();
        Ok(c.Propose(B, Valid() with { School = Cluster2 }));
        Assert.Equal(Cluster2, c.Resolution!.Current!.School);
    }

    [Fact]
    public void A_new_version_asks_everyone_who_answered_to_look_again()
    {
        var c = ThreeVerbanden().Opened();
        Ok(c.Accept(A, 1));
        Ok(c.Object(C, 1, "te duur"));
        Assert.Equal((RequestState.Agreed, RequestState.Invited, RequestState.Objected), (c.RequestOf(A), c.RequestOf(B), c.RequestOf(C)));

        Ok(c.Propose(B, Valid()));
        Assert.Equal((RequestState.Acknowledged, RequestState.Agreed, RequestState.Acknowledged), (c.RequestOf(A), c.RequestOf(B), c.RequestOf(C)));
        // A's acceptance was of version 1: it does not count for version 2.
        Ok(c.Accept(C, 2));
        Assert.Equal(ResolutionState.Open, c.Resolution!.State);
        Ok(c.Accept(A, 2));
        Assert.Equal(ResolutionState.Agreed, c.Resolution.State);
    }

    [Fact]
    public void Acceptance_is_recorded_as_an_answer_and_an_event()
    {
        var c = ThreeVerbanden().Opened();
        var at = Now.AddHours(2);
        Ok(c.Accept(B, 1, at));

        var answer = Assert.Single(c.Resolution!.Answers);
        Assert.Equal(new Answer(B, 1, true, null, at), answer);
        Assert.Equal(RequestState.Agreed, c.RequestOf(B));
        var e = c.History[^1];
        Assert.Equal((Accepted, at), (e.What, e.At));
        Assert.Equal(For(B), e.Actor);
        Assert.Equal(("1", B), (e.Details!["version"], e.Details["verband"]));
    }

    [Fact]
    public void An_objection_without_counter_proposal_keeps_the_version_and_blocks_agreement()
    {
        var c = ThreeVerbanden().Opened();
        Ok(c.Accept(A, 1));
        Ok(c.Accept(B, 1));
        Ok(c.Object(C, 1, "  wij betalen niet meer na de verhuizing  "));

        var r = c.Resolution!;
        Assert.Equal(ResolutionState.Open, r.State);
        Assert.Equal(1, r.Current!.Version);
        Assert.Equal(RequestState.Objected, c.RequestOf(C));
        Assert.Equal(new Answer(C, 1, false, "wij betalen niet meer na de verhuizing", Now), r.Answers[^1]);
        Assert.Equal((Objected, "wij betalen niet meer na de verhuizing"), (c.History[^1].What, c.History[^1].Reason));

        // C changes its mind: its latest answer counts.
        Ok(c.Accept(C, 1));
        Assert.Equal(ResolutionState.Agreed, r.State);
    }

    [Fact]
    public void A_verband_may_withdraw_its_acceptance_by_objecting_before_agreement()
    {
        var c = ThreeVerbanden().Opened();
        Ok(c.Accept(A, 1));
        Ok(c.Object(A, 1, "bij nader inzien niet"));
        Ok(c.Accept(B, 1));
        Ok(c.Accept(C, 1));

        Assert.Equal(ResolutionState.Open, c.Resolution!.State);
        Assert.Null(c.Agreement);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void An_objection_needs_a_reason(string? reason)
    {
        var c = ThreeVerbanden().Opened();
        var before = FullFingerprint(c);

        AssertInvalid(c.Object(A, 1, reason), "reason");
        AssertInvalid(c.Object(A, 1, reason, Valid()), "reason");
        Assert.Equal(before, FullFingerprint(c));
    }

    [Fact]
    public void An_objection_with_a_counter_proposal_records_the_objection_then_the_new_version_by_the_objector()
    {
        var c = TwoVerbanden().Opened();
        Ok(c.Object(A, 1, "regie bij ons", Proposal(A, Pays(A, CostKind.ArrangementCosts, 100)) with { Note = "wij kennen het gezin" }));

        var r = c.Resolution!;
        Assert.Equal([new Answer(A, 1, false, "regie bij ons", Now), new Answer(A, 2, true, "proposed it", Now)], r.Answers);
        Assert.Equal((2, A, A, "wij kennen het gezin"), (r.Current!.Version, r.Current.ProposedBy, r.Current.Regie, r.Current.Note));
        Assert.Equal([Opened, Proposed, Objected, Proposed], WhatsAfterStart(c));

        Ok(c.Accept(B, 2));
        Assert.Equal(ResolutionState.Agreed, r.State);
        Assert.Equal((2, A), (c.Agreement!.Version, c.Agreement.Regie));
    }

    [Fact]
    public void Agreement_closes_every_request_and_ends_all_answers()
    {
        var c = ThreeVerbanden().Opened();
        Ok(c.Accept(A, 1));
        Ok(c.Accept(B, 1));
        Ok(c.Accept(C, 1));
        var r = c.Resolution!;
        Assert.Equal(ResolutionState.Agreed, r.State);
        Assert.All(r.Requests, q => Assert.Equal(RequestState.Closed, q.State));
        Assert.Empty(r.Active);
        Assert.Equal(Agreed, c.History[^1].What);
        Assert.Equal("every verband accepted version 1", c.History[^1].Reason);
        var before = FullFingerprint(c);

        foreach (var v in new[] { A, B, C })
        {
            var refused = Assert.IsType<Outcome.NotPermitted>(c.Accept(v, 1));
            Assert.Equal("Agreed", refused.State);
            // Agreed is final: what is left to a party is a new resolution, opened by hand.
            Assert.Equal(["Open"], refused.Permitted);
            Assert.IsType<Outcome.NotPermitted>(c.Object(v, 1, "te laat"));
            Assert.IsType<Outcome.NotPermitted>(c.Propose(v, Valid()));
            Assert.IsType<Outcome.NotPermitted>(ResolutionWorkflow.Acknowledge(c, For(v), Now));
        }
        Assert.Equal(before, FullFingerprint(c));
    }

    [Fact]
    public void The_inbox_shows_each_verband_its_request_and_the_current_version()
    {
        var c = ThreeVerbanden().Opened();
        Ok(c.Propose(B, Valid()));

        var inbox = InboxEntry.Of(c).ToList();
        Assert.Equal([A, B, C], inbox.Select(e => e.Verband));
        Assert.All(inbox, e => Assert.Equal((c.Id, c.Version, 1, 2, "S.J.", B), (e.CaseId, e.CaseVersion, e.Resolution, e.CurrentProposal, e.Initials, e.LeadVerband)));
        Assert.Equal([RequestState.Invited, RequestState.Agreed, RequestState.Invited], inbox.Select(e => e.Request));
        Assert.Empty(InboxEntry.Of(OneVerband()));
    }
}
