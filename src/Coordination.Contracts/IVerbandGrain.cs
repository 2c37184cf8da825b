using Coordination.Domain.Cases;
using Coordination.Domain.Common;
using Coordination.Domain.Registry;
using Coordination.Domain.Resolution;

namespace Coordination.Contracts;

/// <summary>One samenwerkingsverband. Key: its code, e.g. PO2001.</summary>
public interface IVerbandGrain : IGrainWithStringKey
{
    /// <summary>Registers a new verband (state Registered). Refused (not permitted) when the code exists.</summary>
    Task<VerbandResult> Register(VerbandRegistration registration, Actor actor);

    /// <summary>Creates or updates the registry data (import); a new verband is activated at once.</summary>
    Task<VerbandResult> Import(VerbandRegistration registration, Actor actor);

    /// <summary>Sets the verband's ondersteuningsplan in numbers; clocks started from now on use it.</summary>
    Task<VerbandResult> SetPolicy(VerbandPolicy policy, Actor actor, long? expectedVersion = null);

    Task<VerbandResult> Fire(string? trigger, string? reason, string? mergeInto, Actor actor, long? expectedVersion = null);

    Task<VerbandView?> Get();

    /// <summary>Takes over the municipalities and schools of a verband that merged into this one.</summary>
    Task<Outcome> Absorb(string mergedVerband, IReadOnlyList<Municipality> municipalities, IReadOnlyList<School> schools, Actor actor);

    /// <summary>Called by case grains: the summary of a case where this verband is a party.</summary>
    Task UpsertCase(CaseSummary summary);

    /// <summary>Called by case grains when this verband stopped being a party.</summary>
    Task RemoveCase(string caseId, long version);

    /// <summary>Called by case grains: this verband's coordination request for a case.</summary>
    Task UpsertRequest(InboxEntry entry);

    /// <summary>The coordination requests of this verband, open ones first; null for an unknown verband.</summary>
    Task<IReadOnlyList<InboxEntry>?> Inbox(bool openOnly);

    /// <summary>The board: cases where this verband is a party, newest change first; null for an unknown verband.</summary>
    Task<BoardPage?> Board(CaseState? state, int page, int pageSize);
}

[GenerateSerializer, Immutable]
public sealed record VerbandResult([property: Id(0)] Outcome Outcome, [property: Id(1)] VerbandView? Verband);

[GenerateSerializer, Immutable]
public sealed record VerbandView(
    [property: Id(0)] string Code,
    [property: Id(1)] string Name,
    [property: Id(2)] Sector Sector,
    [property: Id(3)] VerbandState State,
    [property: Id(4)] string? MergedInto,
    [property: Id(5)] string JeugdzorgRegio,
    [property: Id(6)] SupportPoint? SupportPoint,
    [property: Id(7)] IReadOnlyList<Municipality> Municipalities,
    [property: Id(8)] IReadOnlyList<School> Schools,
    [property: Id(9)] VerbandPolicy Policy,
    [property: Id(10)] long Version,
    [property: Id(11)] IReadOnlyList<string> PermittedTriggers,
    [property: Id(12)] IReadOnlyList<RegistryEvent> History,
    [property: Id(13)] int OpenCases);

[GenerateSerializer, Immutable]
public sealed record BoardPage(
    [property: Id(0)] string Verband,
    [property: Id(1)] int Page,
    [property: Id(2)] int PageSize,
    [property: Id(3)] int Total,
    [property: Id(4)] IReadOnlyDictionary<CaseState, int> Counts,
    [property: Id(5)] IReadOnlyList<CaseSummary> Cases,
    [property: Id(6)] long Sequence);
