using Stateless;
using static Coordination.Domain.Cases.CaseState;
using static Coordination.Domain.Cases.CaseTrigger;

namespace Coordination.Domain.Cases;

/// <summary>
/// The lifecycle of a case, read top to bottom as its table of states. Guards carry the legal conditions
/// (two expert advices before a TLV decision, bezwaar within six weeks, one zorgplicht extension).
/// The machine holds no data of its own: its state is the record's state.
/// </summary>
/// <remarks>
/// Configuring the table costs more than using it (6 % of the server's CPU in W1 when every request built one), and
/// keeping one per case would cost every idle case grain kilobytes (W3). So each thread configures it once, and every
/// use binds it to the record at hand and lets go of it after. A ref struct, so the compiler keeps it from outliving
/// the synchronous code that made it: it can be neither a field nor held across an await.
/// </remarks>
public readonly ref struct CaseMachine
{
    public const int BezwaarWeeks = 6;
    private static readonly CaseState[] Open = [Aangemeld, Verkenning, Arrangement, TlvAanvraag, TlvToegekend, TlvAfgewezen, Bezwaar, Plaatsing, Geplaatst];
    private static readonly CaseState[] AcceptApplications = [Aangemeld, Verkenning, Arrangement, TlvToegekend, TlvAfgewezen, Plaatsing];

    [ThreadStatic] private static Table? t_table;

    private readonly CaseRecord _case;
    private readonly DateTimeOffset _now;

    /// <summary>The machine for <paramref name="c"/> at <paramref name="now"/> (the bezwaar term counts Dutch days).</summary>
    public CaseMachine(CaseRecord c, DateTimeOffset now) => (_case, _now) = (c, now);

    public IReadOnlyList<string> PermittedTriggers
    {
        get
        {
            using var table = Bind();
            return Common.PermittedTriggers.Of(table.Machine);
        }
    }

    /// <summary>True when the trigger may fire now; otherwise the unmet guard descriptions say why not.</summary>
    public bool CanFire(CaseTrigger trigger, out ICollection<string>? unmet)
    {
        using var table = Bind();
        return table.Machine.CanFire(trigger, out unmet);
    }

    public void Fire(CaseTrigger trigger)
    {
        using var table = Bind();
        table.Machine.Fire(trigger);
    }

    /// <summary>
    /// This thread's table, bound to this case for one call and let go when disposed: two machines alive at once never
    /// share a binding.
    /// </summary>
    private Table Bind()
    {
        var table = t_table ??= new Table();
        table.Case = _case;
        table.Now = _now;
        return table;
    }

    /// <summary>The configured machine and the record it is bound to; the guards read the record through it.</summary>
    private sealed class Table : IDisposable
    {
        // Between uses: Stateless reads the state as it is built, and a thread keeps no case alive after its use.
        private static readonly CaseRecord Unbound = new();
        public CaseRecord Case = Unbound;
        public DateTimeOffset Now;
        public readonly StateMachine<CaseState, CaseTrigger> Machine;

        public Table()
        {
            Machine = new StateMachine<CaseState, CaseTrigger>(() => Case.State, s => Case.State = s);
            Configure(Machine, () => Case, () => Common.DutchTime.Today(Now));
        }

        public void Dispose() => Case = Unbound;
    }

    private static void Configure(StateMachine<CaseState, CaseTrigger> machine, Func<CaseRecord> record, Func<DateOnly> today)
    {
        machine.Configure(Aangemeld)
            .Permit(StartIntake, Verkenning);

        machine.Configure(Verkenning)
            .Permit(OfferArrangement, Arrangement)
            .Permit(RequestTlv, TlvAanvraag)
            .Permit(StartPlacement, Plaatsing);

        machine.Configure(Arrangement)
            .Permit(RequestTlv, TlvAanvraag)
            .Permit(StartPlacement, Plaatsing);

        machine.Configure(TlvAanvraag)
            .InternalTransition(RecordExpertAdvice, _ => { })
            .PermitIf(GrantTlv, TlvToegekend, () => HasTwoAdvices(record()), "two deskundigenadviezen, one of an orthopedagoog or psycholoog")
            .PermitIf(RefuseTlv, TlvAfgewezen, () => HasTwoAdvices(record()), "two deskundigenadviezen, one of an orthopedagoog or psycholoog");

        machine.Configure(TlvToegekend)
            .Permit(StartPlacement, Plaatsing)
            .PermitIf(FileBezwaar, Bezwaar, () => WithinBezwaarTerm(record(), today()), $"within {BezwaarWeeks} weeks of the TLV decision");

        machine.Configure(TlvAfgewezen)
            .Permit(StartPlacement, Plaatsing)
            .Permit(OfferArrangement, Arrangement)
            .PermitIf(FileBezwaar, Bezwaar, () => WithinBezwaarTerm(record(), today()), $"within {BezwaarWeeks} weeks of the TLV decision");

        machine.Configure(Bezwaar)
            .Permit(ReconsiderTlv, TlvAanvraag)
            .PermitDynamic(DismissBezwaar, () => record().Decision?.Granted == true ? TlvToegekend : TlvAfgewezen);

        machine.Configure(Plaatsing)
            .Permit(Place, Geplaatst)
            .Permit(RequestTlv, TlvAanvraag);

        machine.Configure(Geplaatst)
            .Permit(RequestTlv, TlvAanvraag);

        // PO→VO: the case passes to the VO verband of the region, keeping its history, for a new intake.
        machine.Configure(Verkenning).PermitReentryIf(HandOverToVo, () => record().Sector == Registry.Sector.PO, "the case is in PO");
        foreach (var state in new[] { Arrangement, Plaatsing, Geplaatst })
            machine.Configure(state).PermitIf(HandOverToVo, Verkenning, () => record().Sector == Registry.Sector.PO, "the case is in PO");

        foreach (var state in AcceptApplications)
            machine.Configure(state).InternalTransitionIf(ReceiveApplication, _ => record().Zorgplicht is not { Running: true }, _ => { },
                "no zorgplicht term running (one application at a time)");

        // Facts about the child change in every open state; they recompute parties and clocks, not the state.
        foreach (var state in Open)
        {
            machine.Configure(state)
                .InternalTransition(Move, _ => { })
                .InternalTransition(ChangeSchool, _ => { })
                .InternalTransition(RecordSignal, _ => { })
                .InternalTransitionIf(RecordOutOfSchool, _ => record().Thuiszitter is not { Running: true }, _ => { }, "the child is not already recorded as out of school")
                .InternalTransitionIf(ExtendZorgplicht, _ => record().Zorgplicht is { Running: true, Extended: false, MaxExtensionWeeks: > 0 }, _ => { },
                    "a running zorgplicht term that was not extended before")
                .Permit(Close, Afgesloten);
        }

        machine.Configure(Afgesloten);
    }

    public static bool HasTwoAdvices(CaseRecord c) =>
        c.Advices.Select(a => a.Expert.Trim().ToLowerInvariant()).Distinct().Count() >= 2
        && c.Advices.Any(a => a.Discipline.Trim().ToLowerInvariant() is "orthopedagoog" or "psycholoog");

    private static bool WithinBezwaarTerm(CaseRecord c, DateOnly today) =>
        c.Decision is { } d && today <= d.DecidedOn.AddDays(7 * BezwaarWeeks);
}
