using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans.Concurrency;

namespace Coordination.Contracts;

/// <summary>
/// One live update for the subscribers of a group ("case:{id}", "verband:{code}", "expertteam:{region}").
/// <see cref="From"/> → <see cref="Version"/> lets a client see a gap (From is not the version it holds) and fetch
/// a snapshot over HTTP; delivery is best effort, so the versions are what makes it safe.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record LiveMessage(
    [property: Id(0)] string Group,
    [property: Id(1)] string Kind,
    [property: Id(2)] long From,
    [property: Id(3)] long Version,
    [property: Id(4)] string PayloadJson)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static LiveMessage Of(string group, string kind, long from, long version, object payload) =>
        new(group, kind, from, version, JsonSerializer.Serialize(payload, Json));

    private const string CasePrefix = "case:";
    public static string CaseGroup(string caseId) => CasePrefix + caseId;
    /// <summary>The case whose room a group is; null for any other group.</summary>
    public static string? CaseIdOf(string group) => group.StartsWith(CasePrefix, StringComparison.Ordinal) ? group[CasePrefix.Length..] : null;
    public static string VerbandGroup(string code) => $"verband:{code}";
    public static string ExpertteamGroup(string region) => $"expertteam:{region}";
}

/// <summary>A web host that pushes live updates to the SignalR connections it holds (a grain observer).</summary>
public interface ILiveHost : IGrainObserver
{
    [OneWay]
    Task Push(LiveMessage message);
}

/// <summary>Which hosts are alive to receive live updates. Hosts register again periodically; silent ones expire.</summary>
public interface ILiveHostRegistry : IGrainWithIntegerKey
{
    Task Register(string hostId, ILiveHost host);
    Task Unregister(string hostId);
    Task<IReadOnlyList<ILiveHost>> Hosts();

    /// <summary>
    /// The ids of the hosts heard from within <paramref name="within"/>; null while the registry itself has not been
    /// up that long: it keeps its list in memory, so after a restart it cannot yet tell a dead host from one that
    /// has not registered again.
    /// </summary>
    Task<IReadOnlyList<string>?> HostsHeardWithin(TimeSpan within);
}

/// <summary>Who has a case open now.</summary>
public interface ICasePresenceGrain : IGrainWithStringKey
{
    /// <summary>Shows a person as present through a connection held by host <paramref name="hostId"/>.</summary>
    Task<IReadOnlyList<Viewer>> Join(string connectionId, string hostId, string name, string organisation);
    Task<IReadOnlyList<Viewer>> Leave(string connectionId);
    Task<IReadOnlyList<Viewer>> Viewers();
}

[GenerateSerializer, Immutable]
public sealed record Viewer([property: Id(0)] string Name, [property: Id(1)] string Organisation, [property: Id(2)] DateTimeOffset Since);
