using Coordination.Contracts;
using Coordination.Grains;
using Microsoft.Extensions.Options;

namespace Coordination.Server.Live;

/// <summary>
/// Keeps the case rooms that connections on this host have open publishing: every quarter of the lease it tells each
/// such case that someone still watches (<see cref="CaseRoomOptions"/>). A room nobody here watches any more lapses
/// by itself.
/// </summary>
public sealed class CaseRoomLeases(IGrainFactory grains, LocalGroups localGroups, IOptions<CaseRoomOptions> options, ILogger<CaseRoomLeases> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var every = options.Value.RenewEvery;
        using var timer = new PeriodicTimer(every);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var cases = localGroups.Watched.Select(LiveMessage.CaseIdOf).OfType<string>();
            var failed = 0;
            Exception? last = null;
            // All at once, each on its own and never longer than a round: calls to a silo that is going may hang
            // until it is declared dead, and must not hold up the renewal of rooms on healthy silos.
            await Task.WhenAll(cases.Select(async id =>
            {
                try { await grains.Grain<ICaseGrain>(id).Watch().WaitAsync(every, stoppingToken); }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    Interlocked.Increment(ref failed);
                    last = e;
                }
            }));
            // The next round tries again, well within the lease; a room that lapsed meanwhile tells its watchers to
            // read the case again once it is renewed.
            if (failed > 0) logger.LogWarning(last, "Renewing {Failed} case room(s) watched on this host failed; retrying", failed);
        }
    }
}
