using Coordination.Contracts;
using Coordination.Grains;

namespace Coordination.Server.Live;

/// <summary>
/// This host's end of the fan-out (DESIGN.md fact 6): a grain observer registered with the cluster's live-host
/// registry, which pushes each update to the SignalR connections of this host that watch its group.
/// </summary>
public sealed class LiveHostService(IGrainFactory grains, GroupFanOut fanOut, LivePublisher publisher, ILogger<LiveHostService> logger)
    : BackgroundService, ILiveHost
{
    // Often enough that a registry re-activated after its silo died (it keeps the list in memory) hears from every
    // host within seconds; one small call per host.
    private static readonly TimeSpan RegisterEvery = TimeSpan.FromSeconds(5);
    private ILiveHost? _reference;
    private volatile bool _registered;

    /// <summary>
    /// This host is in the cluster's list of live hosts and its silo's publisher knows it, so updates reach its
    /// connections (publishers on other silos learn of it within their next refresh, 3 s).
    /// </summary>
    public bool Registered => _registered;

    /// <summary>This process among the cluster's hosts: a case room forgets its viewers when it falls silent.</summary>
    public string HostId { get; } = Guid.NewGuid().ToString("N");

    /// <summary>Hands the update on and returns: Orleans calls an observer one message at a time.</summary>
    public Task Push(LiveMessage message)
    {
        fanOut.Send(message);
        return Task.CompletedTask;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _reference = grains.CreateObjectReference<ILiveHost>(this);
        var registry = grains.Grain<ILiveHostRegistry>(0);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await registry.Register(HostId, _reference);
                // Registered first, so that the list this silo's publisher fetches has this host in it.
                if (!_registered) await publisher.Refresh(stoppingToken);
                _registered = true;
            }
            catch (Exception e) when (e is not OperationCanceledException) { logger.LogWarning(e, "Registering for live updates failed; retrying"); }
            try { await Task.Delay(RegisterEvery, stoppingToken); }
            catch (OperationCanceledException) { break; }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_reference is not null)
        {
            try { await grains.Grain<ILiveHostRegistry>(0).Unregister(HostId); }
            catch (Exception e) { logger.LogDebug(e, "Unregistering from live updates failed during shutdown"); }
        }
        await base.StopAsync(cancellationToken);
    }
}
