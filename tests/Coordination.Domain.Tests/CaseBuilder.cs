using Coordination.Domain.Cases;
using Coordination.Domain.Common;
using Coordination.Domain.Registry;
using static Coordination.Domain.Tests.TestRegistry;

namespace Coordination.Domain.Tests;

/// <summary>Builds case records directly in a given state, as they would be after the steps leading there.</summary>
public static class CaseBuilder
{
    /// <summary>Monday 10 March 2025, 11:00 in Amsterdam.</summary>
    public static readonly DateTimeOffset Now = new(2025, 3, 10, 10, 0, 0, TimeSpan.Zero);
    public static readonly DateOnly Today = new(2025, 3, 10);
    public static readonly Actor User = new("j.devries", A);

    /// <summary>
    /// A PO case of a child living in A's municipality and going to a BAO school in A, in the given state, with
    /// what that state implies: two advices in TlvAanvraag, a decision (and TLV when granted) after it.
    /// No zorgplicht or thuiszitter clock runs. Version 3 with three history events.
    /// </summary>
    public static CaseRecord InState(CaseState state, bool granted = true)
    {
        var c = new CaseRecord
        {
            Id = "case-1",
            State = state,
            Sector = Sector.PO,
            Student = new Student("Sam", new DateOnly(2016, 5, 1), GemA, BaoA),
            CreatedAt = Now.AddDays(-30),
        };
        if (state == CaseState.TlvAanvraag) c.Advices = TwoValidAdvices();
        if (state is CaseState.TlvToegekend or CaseState.TlvAfgewezen or CaseState.Bezwaar or CaseState.Plaatsing or CaseState.Geplaatst)
        {
            var isGranted = state switch { CaseState.TlvToegekend => true, CaseState.TlvAfgewezen => false, _ => granted };
            if (state is CaseState.TlvToegekend or CaseState.TlvAfgewezen or CaseState.Bezwaar)
            {
                c.Advices = TwoValidAdvices();
                c.Decision = new TlvDecision(isGranted, Today.AddDays(-7), isGranted ? null : "basisondersteuning volstaat");
                if (isGranted) c.CurrentTlv = SboTlv(A);
            }
        }
        for (var i = 0; i < 3; i++) c.Record(Now.AddDays(-30 + i), User, $"Step{i}", null, state);
        c.Parties = [.. PartyDerivation.Derive(c.Sector, c.Student, c.CurrentTlv, false, Snapshot())];
        return c;
    }

    public static List<ExpertAdvice> TwoValidAdvices() =>
    [
        new("Dr. P. Jansen", "orthopedagoog", Today.AddDays(-20)),
        new("M. Bakker", "maatschappelijk werker", Today.AddDays(-15)),
    ];

    public static Tlv SboTlv(string issuer, DateOnly? end = null) =>
        new(issuer, SchoolType.SBO, null, new DateOnly(2025, 1, 1), end ?? new DateOnly(2027, 1, 1));

    public static CaseWorkflow Workflow(this CaseRecord c) => new(c);

    public static Outcome Apply(this CaseRecord c, CaseCommand cmd, RegistrySnapshot? registry = null, DateTimeOffset? now = null) =>
        new CaseWorkflow(c).Apply(cmd, registry ?? Snapshot(), User, now ?? Now);

    public static CaseCommand Cmd(CaseTrigger trigger) => new() { Trigger = trigger.ToString() };

    /// <summary>A fingerprint of everything a refused command must leave alone.</summary>
    public static string Fingerprint(CaseRecord c) =>
        string.Join("|", c.Version, c.State, c.History.Count, c.Sector, c.Student, c.Application, c.Zorgplicht, c.Thuiszitter,
            c.Advices.Count, c.Decision, c.CurrentTlv, c.Signals.Count,
            string.Join(";", c.Parties.Select(p => $"{p.Kind}:{p.Code}:{string.Join(",", p.Roles)}")));

    public static void AssertInvalid(Outcome outcome, string field)
    {
        var invalid = Assert.IsType<Outcome.Invalid>(outcome);
        Assert.Contains(invalid.Errors, e => e.Field == field);
    }
}
