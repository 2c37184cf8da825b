using Stateless;
using static Coordination.Domain.Cases.CaseState;
using static Coordination.Domain.Cases.CaseTrigger;

namespace Coordination.Domain.Cases;

/// <summary>
/// The lifecycle of a case, read top to bottom as its table of states. Guards carry the legal conditions
/// (two expert advices before a TLV decision, bezwaar within six weeks, one zorgplicht extension).
/// The machine holds no data of its own: its state is the record's state.
/// </summary>
public sealed class CaseMachine
{
    public const int BezwaarWeeks = 6;
    private static readonly CaseState[] Open = [Aangemeld, Verkenning, Arrangement, TlvAanvraag, TlvToegekend, TlvAfgewezen, Bezwaar, Plaatsing, Geplaatst];
    private static readonly CaseState[] AcceptApplications = [Aangemeld, Verkenning, Arrangement, TlvToegekend, TlvAfgewezen, Plaatsing];

    private readonly StateMachine<CaseState, CaseTrigger> _machine;

    public CaseMachine(CaseRecord c, Func<DateOnly> today)
    {
        _machine = new StateMachine<CaseState, CaseTrigger>(() => c.State, s => c.State = s);

        _machine.Configure(Aangemeld)
            .Permit(StartIntake, Verkenning);

        _machine.Configure(Verkenning)
            .Permit(OfferArrangement, Arrangement)
            .Permit(RequestTlv, TlvAanvraag)
            .Permit(StartPlacement, Plaatsing);

        _machine.Configure(Arrangement)
            .Permit(RequestTlv, TlvAanvraag)
            .Permit(StartPlacement, Plaatsing);

        _machine.Configure(TlvAanvraag)
            .InternalTransition(RecordExpertAdvice, _ => { })
            .PermitIf(GrantTlv, TlvToegekend, () => HasTwoAdvices(c), "two deskundigenadviezen, one of an orthopedagoog or psycholoog")
            .PermitIf(RefuseTlv, TlvAfgewezen, () => HasTwoAdvices(c), "two deskundigenadviezen, one of an orthopedagoog or psycholoog");

        _machine.Configure(TlvToegekend)
            .Permit(StartPlacement, Plaatsing)
            .PermitIf(FileBezwaar, Bezwaar, () => WithinBezwaarTerm(c, today()), $"within {BezwaarWeeks} weeks of the TLV decision");

        _machine.Configure(TlvAfgewezen)
            .Permit(StartPlacement, Plaatsing)
            .Permit(OfferArrangement, Arrangement)
            .PermitIf(FileBezwaar, Bezwaar, () => WithinBezwaarTerm(c, today()), $"within {BezwaarWeeks} weeks of the TLV decision");

        _machine.Configure(Bezwaar)
            .Permit(ReconsiderTlv, TlvAanvraag)
            .PermitDynamic(DismissBezwaar, () => c.Decision?.Granted == true ? TlvToegekend : TlvAfgewezen);

        _machine.Configure(Plaatsing)
            .Permit(Place, Geplaatst)
            .Permit(RequestTlv, TlvAanvraag);

        _machine.Configure(Geplaatst)
            .Permit(RequestTlv, TlvAanvraag);

        // PO→VO: the case passes to the VO verband of the region, keeping its history, for a new intake.
        _machine.Configure(Verkenning).PermitReentryIf(HandOverToVo, () => c.Sector == Registry.Sector.PO, "the case is in PO");
        foreach (var state in new[] { Arrangement, Plaatsing, Geplaatst })
            _machine.Configure(state).PermitIf(HandOverToVo, Verkenning, () => c.Sector == Registry.Sector.PO, "the case is in PO");

        foreach (var state in AcceptApplications)
            _machine.Configure(state).InternalTransitionIf(ReceiveApplication, _ => c.Zorgplicht is not { Running: true }, _ => { },
                "no zorgplicht term running (one application at a time)");

        // Facts about the child change in every open state; they recompute parties and clocks, not the state.
        foreach (var state in Open)
        {
            _machine.Configure(state)
                .InternalTransition(Move, _ => { })
                .InternalTransition(ChangeSchool, _ => { })
                .InternalTransition(RecordSignal, _ => { })
                .InternalTransitionIf(RecordOutOfSchool, _ => c.Thuiszitter is not { Running: true }, _ => { }, "the child is not already recorded as out of school")
                .InternalTransitionIf(ExtendZorgplicht, _ => c.Zorgplicht is { Running: true, Extended: false, MaxExtensionWeeks: > 0 }, _ => { },
                    "a running zorgplicht term that was not extended before")
                .Permit(Close, Afgesloten);
        }

        _machine.Configure(Afgesloten);
    }

    public CaseState State => _machine.State;

    public IReadOnlyList<string> PermittedTriggers => Common.PermittedTriggers.Of(_machine);

    /// <summary>True when the trigger may fire now; otherwise the unmet guard descriptions say why not.</summary>
    public bool CanFire(CaseTrigger trigger, out ICollection<string>? unmet) => _machine.CanFire(trigger, out unmet);

    public void Fire(CaseTrigger trigger) => _machine.Fire(trigger);

    public static bool HasTwoAdvices(CaseRecord c) =>
        c.Advices.Select(a => a.Expert.Trim().ToLowerInvariant()).Distinct().Count() >= 2
        && c.Advices.Any(a => a.Discipline.Trim().ToLowerInvariant() is "orthopedagoog" or "psycholoog");

    private static bool WithinBezwaarTerm(CaseRecord c, DateOnly today) =>
        c.Decision is { } d && today <= d.DecidedOn.AddDays(7 * BezwaarWeeks);
}
