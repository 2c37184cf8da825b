using Coordination.Domain.Cases;
using Coordination.Domain.Common;
using Coordination.Domain.Registry;
using static Coordination.Domain.Cases.CaseState;
using static Coordination.Domain.Cases.CaseTrigger;
using static Coordination.Domain.Tests.CaseBuilder;
using static Coordination.Domain.Tests.TestRegistry;

namespace Coordination.Domain.Tests;

/// <summary>
/// The case table: for every state and trigger, whether it is permitted (with the guards met by what the state
/// implies, and no zorgplicht or thuiszitter clock running) and where it leads.
/// </summary>
public class CaseTransitionTableTests
{
    private static readonly CaseTrigger[] FactsOfTheChild = [Move, ChangeSchool, RecordSignal, RecordOutOfSchool, Close];

    private static readonly Dictionary<CaseState, CaseTrigger[]> Table = new()
    {
        [Aangemeld] = [StartIntake, ReceiveApplication, .. FactsOfTheChild],
        [Verkenning] = [OfferArrangement, RequestTlv, StartPlacement, HandOverToVo, ReceiveApplication, .. FactsOfTheChild],
        [Arrangement] = [RequestTlv, StartPlacement, HandOverToVo, ReceiveApplication, .. FactsOfTheChild],
        [TlvAanvraag] = [RecordExpertAdvice, GrantTlv, RefuseTlv, .. FactsOfTheChild],
        [TlvToegekend] = [StartPlacement, FileBezwaar, ReceiveApplication, .. FactsOfTheChild],
        [TlvAfgewezen] = [StartPlacement, OfferArrangement, FileBezwaar, ReceiveApplication, .. FactsOfTheChild],
        [Bezwaar] = [ReconsiderTlv, DismissBezwaar, .. FactsOfTheChild],
        [Plaatsing] = [Place, RequestTlv, HandOverToVo, ReceiveApplication, .. FactsOfTheChild],
        [Geplaatst] = [RequestTlv, HandOverToVo, .. FactsOfTheChild],
        [Afgesloten] = [],
    };

    /// <summary>Where a permitted trigger leads from <paramref name="from"/> (null: stays).</summary>
    private static CaseState Target(CaseState from, CaseTrigger t) => t switch
    {
        StartIntake => Verkenning,
        OfferArrangement => Arrangement,
        RequestTlv or ReconsiderTlv => TlvAanvraag,
        GrantTlv => TlvToegekend,
        RefuseTlv => TlvAfgewezen,
        FileBezwaar => Bezwaar,
        DismissBezwaar => TlvToegekend, // the Bezwaar case in the table is against a granted TLV
        StartPlacement => Plaatsing,
        Place => Geplaatst,
        HandOverToVo => Verkenning,
        Close => Afgesloten,
        _ => from,
    };

    /// <summary>A command carrying valid data for the trigger.</summary>
    private static CaseCommand ValidCommand(CaseTrigger t) => t switch
    {
        OfferArrangement => Cmd(t) with { School = BaoB },
        RequestTlv => Cmd(t) with { SchoolType = "SBO" },
        RecordExpertAdvice => Cmd(t) with { Expert = "Dr. K. de Wit", Discipline = "kinderpsychiater" },
        GrantTlv => Cmd(t) with { SchoolType = "SBO", StartDate = "2025-04-01", EndDate = "2027-04-01", IssuedBy = A },
        Place => Cmd(t) with { School = BaoB },
        HandOverToVo => Cmd(t) with { School = VoSchoolA, Date = "2025-03-03" },
        ReceiveApplication => Cmd(t) with { School = BaoB, Date = "2025-03-03" },
        ExtendZorgplicht => Cmd(t) with { Weeks = 4, Reason = "onderzoek loopt" },
        Move => Cmd(t) with { Municipality = GemB },
        ChangeSchool => Cmd(t) with { School = BaoB, Date = "2025-03-03" },
        RecordOutOfSchool => Cmd(t) with { Date = "2025-03-03" },
        RecordSignal => Cmd(t) with { Signal = "Zorg", ParentsInformed = true },
        _ => Cmd(t) with { Reason = "besproken met ouders" },
    };

    public static TheoryData<CaseState, CaseTrigger> PermittedPairs()
    {
        var data = new TheoryData<CaseState, CaseTrigger>();
        foreach (var (s, ts) in Table)
            foreach (var t in ts)
                data.Add(s, t);
        return data;
    }

    private static IEnumerable<string> Names(IEnumerable<CaseTrigger> ts) => ts.Select(t => t.ToString()).Order();

    [Theory]
    [MemberData(nameof(PermittedPairs))]
    public void A_permitted_trigger_moves_to_its_state_and_appends_one_event(CaseState state, CaseTrigger trigger)
    {
        var c = InState(state);

        var outcome = c.Apply(ValidCommand(trigger));

        var accepted = Assert.IsType<Outcome.Accepted>(outcome);
        Assert.Equal(4, accepted.Version);
        Assert.Equal(Target(state, trigger), c.State);
        Assert.Equal(4, c.History.Count);
        var e = c.History[^1];
        Assert.Equal(trigger.ToString(), e.What);
        Assert.Equal(state, e.From);
        Assert.Equal(Target(state, trigger), e.To);
        Assert.Equal(User, e.Actor);
        Assert.Equal(Now, e.At);
    }

    /// <summary>Every other trigger of the table is refused: it is not among the permitted ones.</summary>
    [Theory]
    [MemberData(nameof(States))]
    public void Permitted_triggers_are_exactly_the_table_row(CaseState state)
    {
        Assert.Equal(Names(Table[state]), InState(state).Workflow().PermittedTriggers(Now).Order());
    }

    public static TheoryData<CaseState> States() => new(Enum.GetValues<CaseState>());

    public static TheoryData<CaseState, CaseTrigger> RefusedPairs()
    {
        var data = new TheoryData<CaseState, CaseTrigger>();
        foreach (var (s, ts) in Table)
            foreach (var t in Enum.GetValues<CaseTrigger>().Except(ts))
                data.Add(s, t);
        return data;
    }

    [Theory]
    [MemberData(nameof(RefusedPairs))]
    public void A_refused_trigger_says_what_is_permitted_and_changes_nothing(CaseState state, CaseTrigger trigger)
    {
        var c = InState(state);
        var before = CaseBuilder.Fingerprint(c);

        var refused = Assert.IsType<Outcome.NotPermitted>(c.Apply(ValidCommand(trigger)));

        Assert.Equal(trigger.ToString(), refused.Trigger);
        Assert.Equal(Names(Table[state]), refused.Permitted.Order());
        Assert.Equal(before, CaseBuilder.Fingerprint(c));
    }

    public static TheoryData<CaseState> OpenStates() => new(Enum.GetValues<CaseState>().Where(s => s != Afgesloten));

    [Theory]
    [MemberData(nameof(OpenStates))]
    public void A_running_zorgplicht_can_be_extended_in_every_open_state(CaseState state)
    {
        var c = InState(state);
        c.Zorgplicht = new ZorgplichtClock(BaoA, Today.AddDays(-14), 6, 4);

        Assert.Contains("ExtendZorgplicht", c.Workflow().PermittedTriggers(Now));
        Assert.IsType<Outcome.Accepted>(c.Apply(ValidCommand(ExtendZorgplicht)));
        Assert.True(c.Zorgplicht!.Extended);
    }

    [Fact]
    public void A_closed_case_permits_nothing_even_with_clocks_running()
    {
        var c = InState(Afgesloten);
        c.Zorgplicht = new ZorgplichtClock(BaoA, Today.AddDays(-14), 6, 4);

        Assert.Empty(c.Workflow().PermittedTriggers(Now));
    }

    [Theory]
    [MemberData(nameof(OpenStates))]
    public void Extending_without_a_running_zorgplicht_is_not_permitted_and_changes_nothing(CaseState state)
    {
        var c = InState(state);
        var before = Fingerprint(c);

        var refused = Assert.IsType<Outcome.NotPermitted>(c.Apply(ValidCommand(ExtendZorgplicht)));

        Assert.Equal("ExtendZorgplicht", refused.Trigger);
        Assert.Equal(state.ToString(), refused.State);
        Assert.Equal(Names(Table[state]), refused.Permitted.Order());
        Assert.Equal(before, Fingerprint(c));
    }

    [Fact]
    public void Out_of_school_cannot_be_recorded_twice()
    {
        var c = InState(Verkenning);
        Assert.IsType<Outcome.Accepted>(c.Apply(ValidCommand(RecordOutOfSchool)));
        var before = Fingerprint(c);

        var refused = Assert.IsType<Outcome.NotPermitted>(c.Apply(ValidCommand(RecordOutOfSchool)));

        Assert.DoesNotContain("RecordOutOfSchool", refused.Permitted);
        Assert.Equal(before, Fingerprint(c));
    }

    [Theory]
    [InlineData("Fly")]
    [InlineData("3")]
    [InlineData("startintake")]
    [InlineData(null)]
    public void An_unknown_trigger_is_invalid_and_changes_nothing(string? trigger)
    {
        var c = InState(Aangemeld);
        var before = Fingerprint(c);

        CaseBuilder.AssertInvalid(c.Apply(new CaseCommand { Trigger = trigger }), "trigger");
        Assert.Equal(before, Fingerprint(c));
    }
}
