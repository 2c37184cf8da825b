using Coordination.Domain.Cases;
using Coordination.Domain.Common;
using Coordination.Domain.Resolution;

namespace Coordination.Contracts;

/// <summary>One leerling's case. Key: a generated id (never a personal number).</summary>
public interface ICaseGrain : IGrainWithStringKey
{
    Task<CaseResult> Open(NewCase request, Actor actor);

    /// <summary>Fires a trigger. With <paramref name="expectedVersion"/> a stale caller is refused.</summary>
    Task<CaseResult> Apply(CaseCommand command, Actor actor, long? expectedVersion = null);

    Task<CaseView?> Get();

    /// <summary>
    /// Someone has the case room open: publish its live updates for the next lease (<c>CaseRoomOptions.Lease</c>).
    /// A host calls it when a connection joins the room and again, well within the lease, while one stays. If an
    /// update went unpublished since the room was last watched, the room is told to read the case again.
    /// </summary>
    Task Watch();

    /// <summary>
    /// Hands what a crash or a failure may have kept from others after a change was saved: its events to the
    /// integrators' outbox, if they did not reach it, its card to its verbanden' boards (which keep the newer), and
    /// its removal to the boards of verbanden it left. False while some of that could not be handed over.
    /// </summary>
    Task<bool> HandOverPending();

    Task<IReadOnlyList<CaseEvent>> History();

    /// <summary>The current (or last) joint resolution; null when none was ever opened.</summary>
    Task<JointResolution?> GetResolution();

    // The steps of a joint resolution. expectedCase is the case version the caller last read (If-Match): when the case
    // has changed since, the step is refused as stale and nothing changes; null skips the check.

    Task<CoordinationResult> OpenCoordination(OpenInput input, Actor actor, long? expectedCase);

    Task<CoordinationResult> Propose(ProposalInput input, Actor actor, long? expectedCase);

    Task<CoordinationResult> Acknowledge(Actor actor, long? expectedCase);

    Task<CoordinationResult> Accept(int version, Actor actor, long? expectedCase);

    Task<CoordinationResult> Object(int version, ObjectionInput input, Actor actor, long? expectedCase);

    /// <summary>Recomputes parties from the registry, e.g. after a verband merged into another.</summary>
    Task RefreshParties(Actor actor);
}

/// <summary>The answer to a command and the case as it stands after it (null when it does not exist).</summary>
[GenerateSerializer, Immutable]
public sealed record CaseResult([property: Id(0)] Outcome Outcome, [property: Id(1)] CaseView? Case);

/// <summary>
/// The answer to a coordination step, the resolution after it (null when the case does not exist) and the case's
/// version then, the ETag a caller sends back as If-Match.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record CoordinationResult([property: Id(0)] Outcome Outcome, [property: Id(1)] JointResolution? Resolution, [property: Id(2)] bool CaseExists,
    [property: Id(3)] long CaseVersion);

/// <summary>What a party sees of a case.</summary>
[GenerateSerializer, Immutable]
public sealed record CaseView(
    [property: Id(0)] string Id,
    [property: Id(1)] long Version,
    [property: Id(2)] CaseState State,
    [property: Id(3)] Domain.Registry.Sector Sector,
    [property: Id(4)] Student Student,
    [property: Id(5)] IReadOnlyList<Party> Parties,
    [property: Id(6)] bool MultiVerband,
    [property: Id(7)] string? LeadVerband,
    [property: Id(8)] Application? Application,
    [property: Id(9)] ZorgplichtClock? Zorgplicht,
    [property: Id(10)] ThuiszitterClock? Thuiszitter,
    [property: Id(11)] IReadOnlyList<ExpertAdvice> Advices,
    [property: Id(12)] TlvDecision? Decision,
    [property: Id(13)] Tlv? CurrentTlv,
    [property: Id(14)] IReadOnlyList<Signal> Signals,
    [property: Id(15)] IReadOnlyList<string> PermittedTriggers,
    [property: Id(16)] DateTimeOffset CreatedAt,
    [property: Id(17)] DateTimeOffset UpdatedAt,
    [property: Id(18)] JointResolution? Resolution,
    [property: Id(19)] Agreement? Agreement);
