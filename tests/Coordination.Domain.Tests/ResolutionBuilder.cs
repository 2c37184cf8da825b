using Coordination.Domain.Cases;
using Coordination.Domain.Common;
using Coordination.Domain.Registry;
using Coordination.Domain.Resolution;
using static Coordination.Domain.Tests.CaseBuilder;
using static Coordination.Domain.Tests.TestRegistry;

namespace Coordination.Domain.Tests;

/// <summary>Cases with several verbanden, the actors of those verbanden, and proposals as they send them.</summary>
public static class ResolutionBuilder
{
    /// <summary>B sits in its own jeugdzorgregio, so the expertteam of the lead verband can be told apart.</summary>
    public const string RegionOfB = "Regio Noord";

    /// <summary>The test registry, with B in <see cref="RegionOfB"/>.</summary>
    public static RegistrySnapshot Verbanden(VerbandPolicy? policyOfB = null) =>
        Snapshot(v => v[B] = v[B] with { JeugdzorgRegio = RegionOfB, Policy = policyOfB ?? VerbandPolicy.Default });

    /// <summary>A coordinator acting for a verband.</summary>
    public static Actor For(string verband) => new($"coordinator.{verband}", verband);

    /// <summary>Noon in Amsterdam on the given day.</summary>
    public static DateTimeOffset Noon(DateOnly day) => DutchTime.StartOf(day).AddHours(12);

    /// <summary>
    /// The seeds/000 situation: the child lives in A's municipality, goes to SBO in B, and verband C issued the
    /// current TLV earlier. Parties A (residence), B (school) and C (TLV issuer). Version 1, no resolution yet.
    /// </summary>
    public static CaseRecord ThreeVerbanden(RegistrySnapshot? registry = null) =>
        Build(new Student("Sam Jansen", new DateOnly(2016, 5, 1), GemA, SboB), SboTlv(C), registry);

    /// <summary>Lives in A, goes to school in B, no TLV: parties A and B.</summary>
    public static CaseRecord TwoVerbanden(RegistrySnapshot? registry = null) =>
        Build(new Student("Sam Jansen", new DateOnly(2016, 5, 1), GemA, BaoB), null, registry);

    /// <summary>Lives and goes to school in A: one verband party.</summary>
    public static CaseRecord OneVerband(RegistrySnapshot? registry = null) =>
        Build(new Student("Sam Jansen", new DateOnly(2016, 5, 1), GemA, BaoA), null, registry);

    private static CaseRecord Build(Student student, Tlv? tlv, RegistrySnapshot? registry)
    {
        var c = new CaseRecord
        {
            Id = "case-1",
            State = CaseState.Plaatsing,
            Sector = Sector.PO,
            Student = student,
            CurrentTlv = tlv,
            CreatedAt = Now.AddDays(-30),
        };
        c.Record(Now.AddDays(-30), User, "Signal", null, c.State);
        Rederive(c, registry);
        return c;
    }

    /// <summary>Derives the parties again from the case's facts (as the case workflow does after a change).</summary>
    public static void Rederive(CaseRecord c, RegistrySnapshot? registry = null) =>
        c.Parties = [.. PartyDerivation.Derive(c.Sector, c.Student, c.CurrentTlv, false, registry ?? Verbanden())];

    /// <summary>The case with its resolution opened automatically at <see cref="CaseBuilder.Now"/>.</summary>
    public static CaseRecord Opened(this CaseRecord c, RegistrySnapshot? registry = null)
    {
        Assert.True(ResolutionWorkflow.OpenOrSync(c, registry ?? Verbanden(), Now));
        return c;
    }

    public static PayerInput Pays(string verband, CostKind cost, int percent) =>
        new() { Verband = verband, Cost = cost.ToString(), Percent = percent };

    /// <summary>A valid proposal: regie as given, the TLV paid by C when C takes part, the arrangement by the given shares.</summary>
    public static ProposalInput Proposal(string regie, params PayerInput[] payers) =>
        new() { Regie = regie, Payers = payers.Length > 0 ? payers : [Pays(regie, CostKind.ArrangementCosts, 100)] };

    public static Outcome Propose(this CaseRecord c, string verband, ProposalInput input, DateTimeOffset? at = null) =>
        ResolutionWorkflow.Propose(c, For(verband), input, Verbanden(), at ?? Now);

    public static Outcome Accept(this CaseRecord c, string verband, int version, DateTimeOffset? at = null) =>
        ResolutionWorkflow.Accept(c, For(verband), version, at ?? Now);

    public static Outcome Object(this CaseRecord c, string verband, int version, string? reason, ProposalInput? counter = null, DateTimeOffset? at = null) =>
        ResolutionWorkflow.Object(c, For(verband), version, new ObjectionInput { Reason = reason, CounterProposal = counter }, Verbanden(), at ?? Now);

    public static Outcome OpenByHand(this CaseRecord c, string verband, string? reason, DateTimeOffset? at = null) =>
        ResolutionWorkflow.OpenByHand(c, For(verband), new OpenInput { Reason = reason }, Verbanden(), at ?? Now);

    public static void Ok(Outcome outcome) => Assert.IsType<Outcome.Accepted>(outcome);

    /// <summary>State of one verband's active request (the last one it has).</summary>
    public static RequestState RequestOf(this CaseRecord c, string verband) => c.Resolution!.Requests.Last(q => q.Verband == verband).State;

    /// <summary>Everything a refused resolution step must leave alone: the case and the resolution.</summary>
    public static string FullFingerprint(CaseRecord c) =>
        string.Join("|", CaseBuilder.Fingerprint(c), c.UpdatedAt, c.Agreement, c.Resolution is not { } r
            ? "none"
            : string.Join("/", r.Number, r.State, r.Proposals.Count, r.Answers.Count, r.Agreement, r.ResponseDeadline, r.ExpertteamDeadline,
                r.ReferredToExpertteamAt, r.OnderwijsconsulentAt, r.Dossier is null,
                string.Join(",", r.Requests.Select(q => $"{q.Verband}:{q.State}:{q.RespondBy}"))));

    /// <summary>The history events after the case's first one.</summary>
    public static IReadOnlyList<string> WhatsAfterStart(CaseRecord c) => c.History.Skip(1).Select(e => e.What).ToList();

    public static TNot Refused<TNot>(Outcome outcome) where TNot : Outcome => Assert.IsType<TNot>(outcome);
}
