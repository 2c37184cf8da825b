using Coordination.Contracts;

namespace Coordination.Server.Webhooks;

/// <summary>
/// A case hands its events to the webhook outbox right after saving them. A crash in between, or an outbox write
/// that failed, would hold them back until that case changes again, which may be weeks. So each host, when it starts
/// and then every <see cref="WebhookSettings.HandOverSweepEvery"/>, asks the cases changed since (by their event
/// log) to hand over what is pending; the outbox keeps each event once, so asking twice is harmless. Hosted services
/// start in order, so the silo is up when this one runs (as for <see cref="Live.LiveHostService"/>).
/// </summary>
public sealed class HandOverSweep(WebhookStore store, IGrainFactory grains, Hosting.CoordinationSettings settings,
    ILogger<HandOverSweep> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var lookBack = settings.Webhooks.HandOverLookBackOnStart;
        while (!stoppingToken.IsCancellationRequested)
        {
            try { await Sweep(lookBack, stoppingToken); }
            catch (Exception e) when (e is not OperationCanceledException) { logger.LogWarning(e, "Webhook hand-over sweep failed; trying again later"); }
            // Overlapping windows: a case changed during a sweep is looked at again by the next.
            lookBack = settings.Webhooks.HandOverSweepEvery * 2;
            try { await Task.Delay(settings.Webhooks.HandOverSweepEvery, stoppingToken); }
            catch (OperationCanceledException) { break; }
        }
    }

    private async Task Sweep(TimeSpan lookBack, CancellationToken ct)
    {
        if (!await store.AnyActive()) return;
        var cases = await store.CasesChangedWithin(lookBack);
        foreach (var id in cases)
        {
            ct.ThrowIfCancellationRequested();
            await grains.GetGrain<ICaseGrain>(id).HandOverPending();
        }
        if (cases.Count > 0) logger.LogDebug("Webhook hand-over sweep looked at {Count} cases changed in the last {LookBack}", cases.Count, lookBack);
    }
}
