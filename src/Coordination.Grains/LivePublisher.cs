using Coordination.Contracts;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Coordination.Grains;

/// <summary>
/// Sends a live update to every web host of the cluster (DESIGN.md fact 6), straight from the grain that made it: a
/// one-way push to each host's observer. Before, a notifier grain stood in between, and every board update cost a
/// message and a turn more (W1 in docs/benchmarks.md). A grain publishes from its own turns, one after another, and
/// each host takes its pushes one at a time, so a group's updates normally arrive in order; Orleans promises no order,
/// and a client that sees a gap in the versions reads the snapshot again. The host list is fetched from the registry
/// when the silo starts and every few seconds after, in the background, so a slow or moving registry never holds up
/// an update.
/// </summary>
public sealed class LivePublisher(IGrainFactory grains, IHostApplicationLifetime lifetime, ILogger<LivePublisher> logger) : BackgroundService
{
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(3);
    private volatile IReadOnlyList<ILiveHost> _hosts = [];
    // Fetches may overlap (the timer's and a host's own); the registry answers them in order, so the list of the one
    // that started last is the newest, and no older answer may replace it.
    private long _fetchesStarted;
    private long _newestStored;
    private readonly Lock _storing = new();

    public void Publish(LiveMessage message)
    {
        foreach (var host in _hosts)
        {
            // One-way: each push returns at once. One that fails to leave must not keep the update from the others.
            try { _ = host.Push(message); }
            catch (Exception e) { logger.LogWarning(e, "A live update for {Group} could not be sent to a host", message.Group); }
        }
    }

    /// <summary>
    /// Fetches the host list now. A host calls it when it has registered, so that this silo publishes to it at once;
    /// other silos pick it up within <see cref="RefreshEvery"/>.
    /// </summary>
    public async Task Refresh(CancellationToken ct = default)
    {
        var fetch = Interlocked.Increment(ref _fetchesStarted);
        var hosts = await grains.GetGrain<ILiveHostRegistry>(0).Hosts().WaitAsync(RefreshEvery, ct);
        lock (_storing)
        {
            if (fetch < _newestStored) return;
            _newestStored = fetch;
            _hosts = hosts;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // At once when the host has started (its silo with it, whichever was registered first), so that the hosts
        // already in the cluster hear this silo's grains from their first update.
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
            await started.Task.WaitAsync(stoppingToken);
        using var timer = new PeriodicTimer(RefreshEvery);
        do
        {
            // A failed fetch keeps the list it had; the next tick tries again.
            try { await Refresh(stoppingToken); }
            catch (Exception) when (stoppingToken.IsCancellationRequested) { return; }
            catch (Exception e) { logger.LogWarning(e, "Fetching the live hosts failed; publishing to the {Count} known", _hosts.Count); }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
