using Coordination.Contracts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace Coordination.Grains;

/// <summary>
/// The cluster's list of live hosts, kept in memory: hosts register every 5 s (DESIGN.md fact 6, the
/// GPSTracker pattern), and a host not heard of for two minutes is dropped, so a dead silo costs nothing.
/// </summary>
public sealed class LiveHostRegistryGrain(TimeProvider time) : Grain, ILiveHostRegistry
{
    private static readonly TimeSpan Expiry = TimeSpan.FromMinutes(2);
    private readonly Dictionary<string, (ILiveHost Host, DateTimeOffset Seen)> _hosts = [];
    private DateTimeOffset _since;

    public override Task OnActivateAsync(CancellationToken ct)
    {
        _since = time.GetUtcNow();
        return Task.CompletedTask;
    }

    public Task Register(string hostId, ILiveHost host)
    {
        _hosts[hostId] = (host, time.GetUtcNow());
        return Task.CompletedTask;
    }

    public Task Unregister(string hostId)
    {
        _hosts.Remove(hostId);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ILiveHost>> Hosts()
    {
        var cutoff = time.GetUtcNow() - Expiry;
        foreach (var stale in _hosts.Where(h => h.Value.Seen < cutoff).Select(h => h.Key).ToList()) _hosts.Remove(stale);
        return Task.FromResult<IReadOnlyList<ILiveHost>>(_hosts.Values.Select(h => h.Host).ToList());
    }

    public Task<IReadOnlyList<string>?> HostsHeardWithin(TimeSpan within)
    {
        var now = time.GetUtcNow();
        if (now - _since < within) return Task.FromResult<IReadOnlyList<string>?>(null);
        return Task.FromResult<IReadOnlyList<string>?>(_hosts.Where(h => now - h.Value.Seen <= within).Select(h => h.Key).ToList());
    }
}

/// <summary>
/// Fans a live update out to every host. A stateless worker, so each silo sends from its own activation. One
/// activation per silo, not one per core, kept alive by its timer: with two, a board's updates overtook each other in
/// a burst, and every watcher saw a gap and read the whole board again over HTTP. So that this one activation does not
/// wait for the registry in a publication (a slow or moving registry would hold up every live update of the silo), a
/// timer that interleaves with them fetches the host list every few seconds.
/// </summary>
[StatelessWorker(1, removeIdleWorkers: false)]
public sealed class LiveNotifierGrain(ILogger<LiveNotifierGrain> logger) : Grain, ILiveNotifier
{
    private static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(3);
    private IReadOnlyList<ILiveHost> _hosts = [];

    public override async Task OnActivateAsync(CancellationToken ct)
    {
        // The first list is waited for, but not for long: a registry on a silo that is going must not hold up the
        // silo's live updates; the timer fetches it again.
        try { await Refresh().WaitAsync(RefreshEvery, ct); }
        catch (TimeoutException) { logger.LogWarning("The live host registry did not answer within {Wait}; publishing to no host until it does", RefreshEvery); }
        this.RegisterGrainTimer(Refresh, new GrainTimerCreationOptions(RefreshEvery, RefreshEvery) { Interleave = true, KeepAlive = true });
    }

    public async Task Publish(LiveMessage message)
    {
        foreach (var host in _hosts) await host.Push(message);
    }

    public Task Ready() => Task.CompletedTask;

    /// <summary>A failed fetch keeps the list it had; the next tick tries again.</summary>
    private async Task Refresh()
    {
        try { _hosts = await GrainFactory.Grain<ILiveHostRegistry>(0).Hosts(); }
        catch (Exception e) { logger.LogWarning(e, "Fetching the live hosts failed; using the {Count} known", _hosts.Count); }
    }
}

/// <summary>
/// Who has a case open, by connection; each change goes to the case room as a versioned presence update. A host that
/// dies cannot say its connections left: while anyone is present, the grain looks every
/// <see cref="PresenceOptions.SweepEvery"/> for viewers whose host the registry has not heard from within
/// <see cref="PresenceOptions.HostSilentFor"/>, and lets them go.
/// </summary>
public sealed class CasePresenceGrain(TimeProvider time, IOptions<PresenceOptions> options) : Grain, ICasePresenceGrain
{
    private readonly Dictionary<string, (Viewer Viewer, string Host)> _viewers = [];
    private long _version;

    public override Task OnActivateAsync(CancellationToken ct)
    {
        this.RegisterGrainTimer(ForgetViewersOfSilentHosts, options.Value.SweepEvery, options.Value.SweepEvery);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<Viewer>> Join(string connectionId, string hostId, string name, string organisation)
    {
        _viewers[connectionId] = (new Viewer(name, organisation, time.GetUtcNow()), hostId);
        return Changed();
    }

    private async Task ForgetViewersOfSilentHosts()
    {
        if (_viewers.Count == 0) return;
        if (await GrainFactory.Grain<ILiveHostRegistry>(0).HostsHeardWithin(options.Value.HostSilentFor) is not { } live) return;
        var gone = _viewers.Where(v => !live.Contains(v.Value.Host)).Select(v => v.Key).ToList();
        foreach (var connection in gone) _viewers.Remove(connection);
        if (gone.Count > 0) await Changed();
    }

    public Task<IReadOnlyList<Viewer>> Leave(string connectionId) =>
        _viewers.Remove(connectionId) ? Changed() : Viewers();

    public Task<IReadOnlyList<Viewer>> Viewers() => Task.FromResult(List());

    private async Task<IReadOnlyList<Viewer>> Changed()
    {
        var list = List();
        _version++;
        await GrainFactory.Grain<ILiveNotifier>(0).Publish(
            LiveMessage.Of(LiveMessage.CaseGroup(this.GetPrimaryKeyString()), "presence", _version - 1, _version, list));
        return list;
    }

    private IReadOnlyList<Viewer> List() => _viewers.Values.Select(v => v.Viewer).OrderBy(v => v.Since).ToList();
}

/// <summary>How soon a case room forgets the viewers of a host that died (hosts register every 5 s).</summary>
public sealed class PresenceOptions
{
    public TimeSpan HostSilentFor { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan SweepEvery { get; set; } = TimeSpan.FromSeconds(10);
}
