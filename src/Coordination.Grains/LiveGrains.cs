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
/// Who has a case open, by connection; each change goes to the case room as a versioned presence update. A host that
/// dies cannot say its connections left: while anyone is present, the grain looks every
/// <see cref="PresenceOptions.SweepEvery"/> for viewers whose host the registry has not heard from within
/// <see cref="PresenceOptions.HostSilentFor"/>, and lets them go.
/// </summary>
public sealed class CasePresenceGrain(TimeProvider time, IOptions<PresenceOptions> options, LivePublisher live) : Grain, ICasePresenceGrain
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

    private Task<IReadOnlyList<Viewer>> Changed()
    {
        var list = List();
        _version++;
        live.Publish(LiveMessage.Of(LiveMessage.CaseGroup(this.GetPrimaryKeyString()), "presence", _version - 1, _version, list));
        return Task.FromResult(list);
    }

    private IReadOnlyList<Viewer> List() => _viewers.Values.Select(v => v.Viewer).OrderBy(v => v.Since).ToList();
}

/// <summary>How soon a case room forgets the viewers of a host that died (hosts register every 5 s).</summary>
public sealed class PresenceOptions
{
    public TimeSpan HostSilentFor { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan SweepEvery { get; set; } = TimeSpan.FromSeconds(10);
}
