using Coordination.Domain.Cases;
using Coordination.Domain.Common;
using Coordination.Domain.Registry;
using static Coordination.Domain.Cases.CaseState;
using static Coordination.Domain.Cases.CaseTrigger;
using static Coordination.Domain.Tests.CaseBuilder;
using static Coordination.Domain.Tests.TestRegistry;

namespace Coordination.Domain.Tests;

/// <summary>The legal conditions on triggers: two expert advices, the bezwaar term, one extension, PO→VO.</summary>
public class CaseGuardTests
{
    private static CaseCommand Grant => Cmd(GrantTlv) with { SchoolType = "SBO", StartDate = "2025-04-01", EndDate = "2027-04-01", IssuedBy = A };
    private static CaseCommand Refuse => Cmd(RefuseTlv) with { Reason = "basisondersteuning volstaat" };

    public static TheoryData<string, ExpertAdvice[]> InsufficientAdvice() => new()
    {
        { "none", [] },
        { "one orthopedagoog", [new("Dr. P. Jansen", "orthopedagoog", Today)] },
        { "same expert twice", [new("Dr. P. Jansen", "orthopedagoog", Today), new("dr. p. jansen ", "arts", Today)] },
        { "no orthopedagoog or psycholoog", [new("A. Arts", "arts", Today), new("K. de Wit", "kinderpsychiater", Today)] },
    };

    [Theory]
    [MemberData(nameof(InsufficientAdvice))]
    public void A_TLV_decision_needs_two_advices_from_different_experts_one_orthopedagoog_or_psycholoog(string _, ExpertAdvice[] advices)
    {
        foreach (var command in new[] { Grant, Refuse })
        {
            var c = InState(TlvAanvraag);
            c.Advices = [.. advices];
            var before = Fingerprint(c);

            var refused = Assert.IsType<Outcome.NotPermitted>(c.Apply(command));

            Assert.Contains("two deskundigenadviezen", refused.Reason);
            Assert.DoesNotContain("GrantTlv", refused.Permitted);
            Assert.DoesNotContain("RefuseTlv", refused.Permitted);
            Assert.Contains("RecordExpertAdvice", refused.Permitted);
            Assert.Equal(before, Fingerprint(c));
        }
    }

    [Fact]
    public void A_municipality_records_moves_absence_and_signals_but_takes_no_step_of_the_childs_education()
    {
        var c = InState(Aangemeld);
        c.Parties = [.. c.Parties, new Party(PartyKind.Municipality, c.Student.Municipality, [PartyRole.Municipality])];
        var leerplicht = new Actor("leerplichtambtenaar", c.Student.Municipality);
        var before = Fingerprint(c);

        var refused = Assert.IsType<Outcome.Forbidden>(new CaseWorkflow(c).Apply(Cmd(StartIntake), Snapshot(), leerplicht, Now));

        Assert.Contains("not a municipality's", refused.Reason);
        Assert.Equal(before, Fingerprint(c));
        var mine = CaseAccess.PermittedTo(leerplicht.Organisation, c.Parties, c.Student.School, c.Zorgplicht, c.Workflow().PermittedTriggers(Now));
        Assert.Contains("RecordSignal", mine);
        Assert.All(mine, t => Assert.Contains(t, new[] { "Move", "RecordOutOfSchool", "RecordSignal" }));
        Assert.IsType<Outcome.Accepted>(new CaseWorkflow(c).Apply(Cmd(RecordSignal) with { Signal = "Leerplicht", ParentsInformed = true }, Snapshot(), leerplicht, Now));
        // An expertteam or onderwijsconsulent reads the case, and may take no step at all.
        Assert.Empty(CaseAccess.PermittedTo("onderwijsconsulent", c.Parties, c.Student.School, c.Zorgplicht, c.Workflow().PermittedTriggers(Now)));
    }

    [Fact]
    public void A_TLV_decision_and_the_objection_to_it_are_a_verbands_not_the_schools()
    {
        // A school, party through its pupil, could decide a TLV in a verband's name before.
        var school = new Actor("intern begeleider", BaoA);
        foreach (var (state, command) in new[] { (TlvAanvraag, Grant), (TlvAanvraag, Refuse), (Bezwaar, Cmd(DismissBezwaar) with { Reason = "ongegrond" }), (Bezwaar, Cmd(ReconsiderTlv) with { Reason = "nieuw advies" }) })
        {
            var c = InState(state);
            var before = Fingerprint(c);

            var refused = Assert.IsType<Outcome.Forbidden>(new CaseWorkflow(c).Apply(command, Snapshot(), school, Now));

            Assert.Contains("decision of a verband", refused.Reason);
            Assert.Equal(before, Fingerprint(c));
            Assert.IsType<Outcome.Accepted>(c.Apply(command));
        }
    }

    [Fact]
    public void Workflows_of_two_cases_used_in_turn_each_answer_for_their_own_case()
    {
        // The machine is configured once per thread and bound to the case at hand (CaseMachine): two workflows kept
        // side by side, as a grain keeps one across its awaits, must never see each other's record.
        var ready = InState(TlvAanvraag);
        var waiting = InState(TlvAanvraag);
        waiting.Advices = [];
        var readyFlow = ready.Workflow();
        var waitingFlow = waiting.Workflow();

        Assert.Contains("GrantTlv", readyFlow.PermittedTriggers(Now));
        Assert.DoesNotContain("GrantTlv", waitingFlow.PermittedTriggers(Now));
        Assert.IsType<Outcome.NotPermitted>(waitingFlow.Apply(Grant, Snapshot(), User, Now));
        Assert.IsType<Outcome.Accepted>(readyFlow.Apply(Grant, Snapshot(), User, Now));

        Assert.Equal(TlvToegekend, ready.State);
        Assert.Equal(TlvAanvraag, waiting.State);
        Assert.Contains("FileBezwaar", readyFlow.PermittedTriggers(Now));
        Assert.Contains("RecordExpertAdvice", waitingFlow.PermittedTriggers(Now));
    }

    [Theory]
    [InlineData("psycholoog")]
    [InlineData("Orthopedagoog")]
    public void Two_advices_with_a_psycholoog_or_orthopedagoog_allow_the_decision(string discipline)
    {
        var c = InState(TlvAanvraag);
        c.Advices = [new("L. Visser", discipline, Today), new("A. Arts", "arts", Today)];

        Assert.IsType<Outcome.Accepted>(c.Apply(Grant));
        Assert.Equal(TlvToegekend, c.State);
        Assert.Equal(new Tlv(A, SchoolType.SBO, null, new DateOnly(2025, 4, 1), new DateOnly(2027, 4, 1)), c.CurrentTlv);
        Assert.Equal(new TlvDecision(true, Today, null), c.Decision);
    }

    [Fact]
    public void Advices_recorded_through_the_workflow_unlock_the_decision()
    {
        var c = InState(Verkenning);
        Assert.IsType<Outcome.Accepted>(c.Apply(Cmd(RequestTlv) with { SchoolType = "SBO" }));
        Assert.IsType<Outcome.Accepted>(c.Apply(Cmd(RecordExpertAdvice) with { Expert = "Dr. P. Jansen", Discipline = "orthopedagoog" }));
        Assert.IsType<Outcome.NotPermitted>(c.Apply(Refuse));

        CaseBuilder.AssertInvalid(c.Apply(Cmd(RecordExpertAdvice) with { Expert = "DR. P. JANSEN", Discipline = "arts" }), "expert");
        Assert.Single(c.Advices);

        Assert.IsType<Outcome.Accepted>(c.Apply(Cmd(RecordExpertAdvice) with { Expert = "A. Arts", Discipline = "arts" }));
        Assert.IsType<Outcome.Accepted>(c.Apply(Refuse));
        Assert.Equal(TlvAfgewezen, c.State);
        Assert.Equal(new TlvDecision(false, Today, "basisondersteuning volstaat"), c.Decision);
    }

    [Theory]
    [InlineData(TlvToegekend, 0, true)]
    [InlineData(TlvToegekend, 42, true)]
    [InlineData(TlvToegekend, 43, false)]
    [InlineData(TlvAfgewezen, 42, true)]
    [InlineData(TlvAfgewezen, 43, false)]
    public void Bezwaar_can_be_filed_only_within_six_weeks_of_the_decision(CaseState state, int daysAfterDecision, bool permitted)
    {
        var c = InState(state);
        c.Decision = c.Decision! with { DecidedOn = Today.AddDays(-daysAfterDecision) };
        var before = Fingerprint(c);

        var outcome = c.Apply(Cmd(FileBezwaar) with { Reason = "ouders zijn het oneens" });

        if (permitted)
        {
            Assert.IsType<Outcome.Accepted>(outcome);
            Assert.Equal(Bezwaar, c.State);
        }
        else
        {
            var refused = Assert.IsType<Outcome.NotPermitted>(outcome);
            Assert.Contains("within 6 weeks", refused.Reason);
            Assert.DoesNotContain("FileBezwaar", refused.Permitted);
            Assert.Equal(before, Fingerprint(c));
        }
    }

    [Fact]
    public void The_bezwaar_term_counts_Dutch_days()
    {
        var c = InState(TlvToegekend);
        c.Decision = c.Decision! with { DecidedOn = new DateOnly(2025, 6, 2) };
        // 42 days after 2 June is 14 July; 23:30 UTC on 14 July is already 15 July in Amsterdam.
        var lastMoment = new DateTimeOffset(2025, 7, 14, 21, 59, 0, TimeSpan.Zero);
        var tooLate = new DateTimeOffset(2025, 7, 14, 23, 30, 0, TimeSpan.Zero);

        Assert.Contains("FileBezwaar", c.Workflow().PermittedTriggers(lastMoment));
        Assert.DoesNotContain("FileBezwaar", c.Workflow().PermittedTriggers(tooLate));
    }

    [Theory]
    [InlineData(true, TlvToegekend)]
    [InlineData(false, TlvAfgewezen)]
    public void Dismissing_a_bezwaar_returns_to_the_decision_that_was_contested(bool granted, CaseState back)
    {
        var c = InState(Bezwaar, granted);

        Assert.IsType<Outcome.Accepted>(c.Apply(Cmd(DismissBezwaar) with { Reason = "advies bezwaarcommissie" }));

        Assert.Equal(back, c.State);
        Assert.Equal(Bezwaar, c.History[^1].From);
        Assert.Equal(back, c.History[^1].To);
    }

    [Fact]
    public void Reconsidering_a_bezwaar_reopens_the_TLV_application()
    {
        var c = InState(Bezwaar, granted: false);
        Assert.IsType<Outcome.Accepted>(c.Apply(Cmd(ReconsiderTlv) with { Reason = "nieuw advies" }));
        Assert.Equal(TlvAanvraag, c.State);
    }

    [Theory]
    [InlineData(DismissBezwaar)]
    [InlineData(FileBezwaar)]
    [InlineData(RefuseTlv)]
    [InlineData(Close)]
    public void Triggers_that_need_a_reason_refuse_a_missing_one(CaseTrigger trigger)
    {
        var c = trigger switch { FileBezwaar => InState(TlvToegekend), RefuseTlv => InState(TlvAanvraag), _ => InState(Bezwaar) };
        var before = Fingerprint(c);

        CaseBuilder.AssertInvalid(c.Apply(Cmd(trigger)), "reason");
        Assert.Equal(before, Fingerprint(c));
    }

    [Fact]
    public void Zorgplicht_can_be_extended_once_by_at_most_the_policy_weeks()
    {
        var c = InState(Verkenning);
        c.Zorgplicht = new ZorgplichtClock(BaoA, Today.AddDays(-14), 6, 4);
        var before = Fingerprint(c);

        CaseBuilder.AssertInvalid(c.Apply(Cmd(ExtendZorgplicht) with { Weeks = 5, Reason = "r" }), "weeks");
        CaseBuilder.AssertInvalid(c.Apply(Cmd(ExtendZorgplicht) with { Weeks = 0, Reason = "r" }), "weeks");
        CaseBuilder.AssertInvalid(c.Apply(Cmd(ExtendZorgplicht) with { Reason = "r" }), "weeks");
        CaseBuilder.AssertInvalid(c.Apply(Cmd(ExtendZorgplicht) with { Weeks = 2 }), "reason");
        Assert.Equal(before, Fingerprint(c));

        Assert.IsType<Outcome.Accepted>(c.Apply(Cmd(ExtendZorgplicht) with { Weeks = 4, Reason = "onderzoek loopt" }));
        Assert.Equal(Today.AddDays(-14 + 70), c.Zorgplicht!.Deadline);
        Assert.Equal("onderzoek loopt", c.Zorgplicht.ExtensionReason);
        Assert.Equal(Verkenning, c.State);
        var afterFirst = Fingerprint(c);

        var refused = Assert.IsType<Outcome.NotPermitted>(c.Apply(Cmd(ExtendZorgplicht) with { Weeks = 1, Reason = "nog langer" }));
        Assert.Contains("not extended before", refused.Reason);
        Assert.Equal(afterFirst, Fingerprint(c));
    }

    [Fact]
    public void The_extension_limit_comes_from_the_verband_policy()
    {
        var registry = TestRegistry.WithPolicy(B, VerbandPolicy.Default with { ZorgplichtExtensionWeeks = 2 });
        var c = new CaseRecord();
        Assert.IsType<Outcome.Accepted>(CaseWorkflow.Open(c, "case-2", new NewCase
        {
            ParentsInformed = true,
            Student = new NewStudent { Name = "Noor", DateOfBirth = "2016-02-02", Municipality = GemA },
            Sector = "PO",
            Application = new NewApplication { School = BaoB, ReceivedOn = "2025-03-03" },
        }, registry, User, Now));

        CaseBuilder.AssertInvalid(c.Apply(Cmd(ExtendZorgplicht) with { Weeks = 3, Reason = "r" }, registry), "weeks");
        Assert.IsType<Outcome.Accepted>(c.Apply(Cmd(ExtendZorgplicht) with { Weeks = 2, Reason = "r" }, registry));
        Assert.Equal(new DateOnly(2025, 3, 3).AddDays(56), c.Zorgplicht!.Deadline);
    }

    [Theory]
    [InlineData(Verkenning)]
    [InlineData(Arrangement)]
    [InlineData(Plaatsing)]
    [InlineData(Geplaatst)]
    public void Handover_to_VO_moves_the_case_to_VO_and_clears_the_PO_TLV_and_school(CaseState state)
    {
        var c = InState(state);
        c.CurrentTlv = SboTlv(C);
        c.Parties = [.. PartyDerivation.Derive(c.Sector, c.Student, c.CurrentTlv, false, Snapshot())];
        var earlier = c.History.ToList();

        Assert.IsType<Outcome.Accepted>(c.Apply(Cmd(HandOverToVo)));

        Assert.Equal(Verkenning, c.State);
        Assert.Equal(Sector.VO, c.Sector);
        Assert.Null(c.Student.School);
        Assert.Null(c.CurrentTlv);
        Assert.Equal(earlier, c.History.Take(3));
        Assert.Equal("HandOverToVo", c.History[^1].What);
        Assert.Equal([VoA], c.Parties.Verbanden());
    }

    [Fact]
    public void Handover_with_a_VO_application_starts_the_zorgplicht_at_that_school()
    {
        var c = InState(Geplaatst);
        Assert.IsType<Outcome.Accepted>(c.Apply(Cmd(HandOverToVo) with { School = VoSchoolA, Date = "2025-03-03" }));

        Assert.Equal(VoSchoolA, c.Zorgplicht!.School);
        Assert.Equal(new DateOnly(2025, 4, 14), c.Zorgplicht.Deadline);
        Assert.Contains(c.Parties, p => p.Code == VoA && p.Roles.Contains(PartyRole.SchoolVerband));
    }

    [Fact]
    public void Handover_to_VO_is_refused_for_a_case_already_in_VO()
    {
        var c = InState(Verkenning);
        c.Sector = Sector.VO;
        c.Student = c.Student with { School = VoSchoolA };
        var before = Fingerprint(c);

        var refused = Assert.IsType<Outcome.NotPermitted>(c.Apply(Cmd(HandOverToVo)));

        Assert.Contains("the case is in PO", refused.Reason);
        Assert.DoesNotContain("HandOverToVo", refused.Permitted);
        Assert.Equal(before, Fingerprint(c));
    }

    [Fact]
    public void Handover_refuses_a_PO_school_as_destination()
    {
        var c = InState(Geplaatst);
        var before = Fingerprint(c);
        CaseBuilder.AssertInvalid(c.Apply(Cmd(HandOverToVo) with { School = BaoB }), "school");
        Assert.Equal(before, Fingerprint(c));
    }
}
