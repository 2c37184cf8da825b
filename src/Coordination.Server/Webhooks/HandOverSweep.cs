using Coordination.Contracts;

namespace Coordination.Server.Webhooks;

/// <summary>
/// A case hands its events to the webhook outbox, and its card to its verbanden' boards, right after saving a change.
/// A crash in between, or a write that failed, would hold them back until that case changes again, which may be
/// weeks. So each host, when it starts and then every <see cref="WebhookSettings.HandOverSweepEvery"/>, asks the
/// cases changed since the last sweep (by their event log) to hand over again (ICaseGrain.HandOverPending); the
/// outbox keeps each event once and a board the newer card, so asking twice is harmless. How far the sweeps got is
/// kept in PostgreSQL, so a host that starts after all hosts were down for a day looks back a day. Hosted services
/// start in order, so the silo is up when this one runs (as for <see cref="Live.LiveHostService"/>).
/// </summary>
public sealed class HandOverSweep(HandOverSweepStore sweeps, IGrainFactory grains,
    Hosting.CoordinationSettings settings, ILogger<HandOverSweep> logger) : BackgroundService
{
    /// <summary>
    /// Each sweep starts this much before the previous one did: an event is stamped when its statement starts, so a
    /// change still being written while a sweep began may carry a time just before it.
    /// </summary>
    public static readonly TimeSpan Overlap = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        DateTimeOffset? from = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            // A sweep that fails leaves from where it was: the next one covers its time too.
            try { from = await Sweep(from, stoppingToken); }
            catch (Exception e) when (e is not OperationCanceledException) { logger.LogWarning(e, "Hand-over sweep failed; trying again later"); }
            try { await Task.Delay(settings.Webhooks.HandOverSweepEvery, stoppingToken); }
            catch (OperationCanceledException) { break; }
        }
    }

    /// <summary>Sweeps the cases changed since <paramref name="from"/> (at the first, since the recorded end); returns where the next begins.</summary>
    private async Task<DateTimeOffset> Sweep(DateTimeOffset? from, CancellationToken ct)
    {
        var startedAt = await sweeps.Now();
        from ??= await sweeps.SweptUntil() ?? startedAt - settings.Webhooks.HandOverLookBackOnStart;
        // A case that fails is kept in PostgreSQL and tried again by the next sweep of any host, without holding the
        // others back (the sweeps move on past its change); one that keeps failing is logged each time.
        var retries = await sweeps.CasesToRetry();
        var cases = (await sweeps.CasesChangedSince(from.Value)).Union(retries).ToList();
        var failed = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Parallel.ForEachAsync(cases, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct }, async (id, _) =>
        {
            try
            {
                if (!await grains.Grain<ICaseGrain>(id).HandOverPending()) failed.Add(id);
            }
            catch (Exception e)
            {
                failed.Add(id);
                logger.LogError(e, "Hand-over sweep: case {CaseId} could not hand over; trying again with the next sweep", id);
            }
        });
        await sweeps.RecordRetries([.. failed], retries.Except(failed).ToList(), startedAt);
        if (cases.Count > 0) logger.LogDebug("Hand-over sweep looked at {Count} cases changed since {From}", cases.Count, from);
        var next = startedAt - Overlap;
        await sweeps.MarkSwept(next);
        return next;
    }
}
