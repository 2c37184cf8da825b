using Coordination.Contracts;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Coordination.Grains;

/// <summary>
/// Sends a live update to every web host of the cluster (DESIGN.md fact 6), straight from the grain that made it: a
/// one-way push to each host's observer. Before, a notifier grain stood in between, and every board update cost a
/// message and a turn more (W1 in docs/benchmarks.md). Order still holds: a grain publishes from its own turns, one
/// after another, and each host takes its pushes one at a time. The host list is fetched from the registry every few
/// seconds in the background, so a slow or moving registry never holds up an update.
/// </summary>
public sealed class LivePublisher(IGrainFactory grains, ILogger<LivePublisher> logger) : BackgroundService
{
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(3);
    private volatile IReadOnlyList<ILiveHost> _hosts = [];

    public void Publish(LiveMessage message)
    {
        // One-way: each push returns at once, and a host that is gone costs nothing but its message.
        foreach (var host in _hosts) _ = host.Push(message);
    }

    /// <summary>
    /// Fetches the host list now. A host calls it when it has registered, so that this silo publishes to it at once;
    /// other silos pick it up within <see cref="RefreshEvery"/>.
    /// </summary>
    public async Task Refresh(CancellationToken ct = default) =>
        _hosts = await grains.GetGrain<ILiveHostRegistry>(0).Hosts().WaitAsync(RefreshEvery, ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // At once when the silo starts, so that the hosts already in the cluster hear its grains from their first update.
        using var timer = new PeriodicTimer(RefreshEvery);
        do
        {
            // A failed fetch keeps the list it had; the next tick tries again.
            try { await Refresh(stoppingToken); }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Fetching the live hosts failed; publishing to the {Count} known", _hosts.Count);
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
