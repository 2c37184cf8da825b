using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using Orleans.Runtime;

namespace Coordination.Server.Health;

/// <summary>
/// Ready means: this host's silo takes calls, PostgreSQL (where every write goes) answers, and the host is registered
/// for live updates (a board opened earlier would miss updates until it is).
/// </summary>
public sealed class SiloReadyCheck(ISiloStatusOracle oracle) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default) =>
        Task.FromResult(oracle.CurrentStatus == SiloStatus.Active
            ? HealthCheckResult.Healthy("silo active")
            : HealthCheckResult.Unhealthy($"silo {oracle.CurrentStatus}"));
}

public sealed class PostgresReadyCheck(NpgsqlDataSource dataSource) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(2));
            await using var cmd = dataSource.CreateCommand("select 1");
            await cmd.ExecuteScalarAsync(timeout.Token);
            return HealthCheckResult.Healthy("postgresql answers");
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("postgresql does not answer", e);
        }
    }
}

public sealed class LiveReadyCheck(Live.LiveHostService host) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default) =>
        Task.FromResult(host.Registered
            ? HealthCheckResult.Healthy("registered for live updates")
            : HealthCheckResult.Unhealthy("not yet registered for live updates"));
}
