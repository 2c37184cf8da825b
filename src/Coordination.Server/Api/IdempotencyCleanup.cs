using Coordination.Server.Hosting;
using Npgsql;

namespace Coordination.Server.Api;

/// <summary>
/// Forgets Idempotency-Key answers older than <see cref="CoordinationSettings.IdempotencyKeepFor"/> (default a day):
/// a client retries within minutes, and without this the table only grows. Every host may run it; deleting twice is harmless.
/// </summary>
public sealed class IdempotencyCleanup(NpgsqlDataSource dataSource, CoordinationSettings settings, ILogger<IdempotencyCleanup> logger) : BackgroundService
{
    private static readonly TimeSpan Every = TimeSpan.FromMinutes(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var cmd = dataSource.CreateCommand("delete from idempotency_key where created_at < now() - $1");
                cmd.Parameters.AddWithValue(settings.IdempotencyKeepFor);
                var removed = await cmd.ExecuteNonQueryAsync(stoppingToken);
                if (removed > 0) logger.LogInformation("Forgot {Count} idempotency keys older than {KeepFor}", removed, settings.IdempotencyKeepFor);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Cleaning up idempotency keys failed; trying again later");
            }
            try { await Task.Delay(Every, stoppingToken); } catch (OperationCanceledException) { break; }
        }
    }
}
