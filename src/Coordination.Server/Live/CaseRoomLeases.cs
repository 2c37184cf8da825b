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
    private static readonly string Prefix = LiveMessage.CaseGroup("");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RenewEvery);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var cases = localGroups.Watched.Where(g => g.StartsWith(Prefix, StringComparison.Ordinal)).Select(g => g[Prefix.Length..]);
            try
            {
                await Parallel.ForEachAsync(cases, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = stoppingToken },
                    async (id, _) => await grains.GetGrain<ICaseGrain>(id).Watch());
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A silo may be going: the next round renews again, well within the lease.
                logger.LogWarning(e, "Renewing the case rooms watched on this host failed; retrying");
            }
        }
    }
}
