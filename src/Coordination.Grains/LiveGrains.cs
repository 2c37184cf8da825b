using Coordination.Contracts;
using Orleans.Concurrency;

namespace Coordination.Grains;

/// <summary>
/// The cluster's list of live hosts, kept in memory: hosts register every 5 s (DESIGN.md fact 6, the
/// GPSTracker pattern), and a host not heard of for two minutes is dropped, so a dead silo costs nothing.
/// </summary>
public sealed class LiveHostRegistryGrain(TimeProvider time) : Grain, ILiveHostRegistry
{
    private static readonly TimeSpan Expiry = TimeSpan.FromMinutes(2);
    private readonly Dictionary<ILiveHost, DateTimeOffset> _hosts = [];

    public Task Register(ILiveHost host)
    {
        _hosts[host] = time.GetUtcNow();
        return Task.CompletedTask;
    }

    public Task Unregister(ILiveHost host)
    {
        _hosts.Remove(host);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ILiveHost>> Hosts()
    {
        var cutoff = time.GetUtcNow() - Expiry;
        foreach (var stale in _hosts.Where(h => h.Value < cutoff).Select(h => h.Key).ToList()) _hosts.Remove(stale);
        return Task.FromResult<IReadOnlyList<ILiveHost>>(_hosts.Keys.ToList());
    }
}

/// <summary>
/// Fans a live update out to every host. A stateless worker, so each silo sends from its own activation; the
/// host list is cached for a few seconds to keep the registry out of the hot path.
/// </summary>
[StatelessWorker]
public sealed class LiveNotifierGrain(TimeProvider time) : Grain, ILiveNotifier
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(3);
    private IReadOnlyList<ILiveHost> _hosts = [];
    private DateTimeOffset _fetched = DateTimeOffset.MinValue;

    public async Task Publish(LiveMessage message)
    {
        if (time.GetUtcNow() - _fetched > CacheFor)
        {
            _hosts = await GrainFactory.GetGrain<ILiveHostRegistry>(0).Hosts();
            _fetched = time.GetUtcNow();
        }
        foreach (var host in _hosts) await host.Push(message);
    }
}

/// <summary>Who has a case open, by connection; each change goes to the case room as a versioned presence update.</summary>
public sealed class CasePresenceGrain(TimeProvider time) : Grain, ICasePresenceGrain
{
    private readonly Dictionary<string, Viewer> _viewers = [];
    private long _version;

    public Task<IReadOnlyList<Viewer>> Join(string connectionId, string name, string organisation)
    {
        _viewers[connectionId] = new Viewer(name, organisation, time.GetUtcNow());
        return Changed();
    }

    public Task<IReadOnlyList<Viewer>> Leave(string connectionId) =>
        _viewers.Remove(connectionId) ? Changed() : Viewers();

    public Task<IReadOnlyList<Viewer>> Viewers() => Task.FromResult(List());

    private async Task<IReadOnlyList<Viewer>> Changed()
    {
        var list = List();
        _version++;
        await GrainFactory.GetGrain<ILiveNotifier>(0).Publish(
            LiveMessage.Of(LiveMessage.CaseGroup(this.GetPrimaryKeyString()), "presence", _version - 1, _version, list));
        return list;
    }

    private IReadOnlyList<Viewer> List() => _viewers.Values.OrderBy(v => v.Since).ToList();
}
