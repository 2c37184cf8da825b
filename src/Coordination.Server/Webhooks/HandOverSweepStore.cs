using Npgsql;

namespace Coordination.Server.Webhooks;

/// <summary>
/// What the hand-over sweep reads and keeps in PostgreSQL: the cases changed since a moment (by their event log,
/// silo-config/schema/012), how far the sweeps got (013) and the cases to try again (014). Times are PostgreSQL's own
/// clock, the one that stamped the events, so hosts whose clocks differ agree.
/// </summary>
public sealed class HandOverSweepStore(NpgsqlDataSource dataSource, Hosting.CoordinationSettings settings)
{
    public async Task<DateTimeOffset> Now()
    {
        await using var command = dataSource.CreateCommand("SELECT now()");
        return Utc(await command.ExecuteScalarAsync()) ?? throw new InvalidOperationException("PostgreSQL gave no time");
    }

    /// <summary>Where the last sweep of this service ended; null if none ever did.</summary>
    public async Task<DateTimeOffset?> SweptUntil()
    {
        await using var command = dataSource.CreateCommand("SELECT swept_until FROM handover_sweep WHERE service_id = $1");
        command.Parameters.AddWithValue(settings.ServiceId);
        return Utc(await command.ExecuteScalarAsync());
    }

    // Npgsql reads timestamptz as a UTC DateTime.
    private static DateTimeOffset? Utc(object? value) => value is DateTime at ? new DateTimeOffset(at, TimeSpan.Zero) : null;

    /// <summary>Records that every case changed before <paramref name="until"/> was swept; never moves back.</summary>
    public async Task MarkSwept(DateTimeOffset until)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO handover_sweep (service_id, swept_until) VALUES ($1, $2)
            ON CONFLICT (service_id) DO UPDATE SET swept_until = greatest(handover_sweep.swept_until, excluded.swept_until)
            """);
        command.Parameters.AddWithValue(settings.ServiceId);
        command.Parameters.AddWithValue(until);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The cases whose events were written at or after <paramref name="since"/>, on this service.</summary>
    public async Task<IReadOnlyList<string>> CasesChangedSince(DateTimeOffset since)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT DISTINCT case_id FROM case_event WHERE service_id = $1 AND recorded_at >= $2");
        command.Parameters.AddWithValue(settings.ServiceId);
        command.Parameters.AddWithValue(since);
        return await Strings(command);
    }

    /// <summary>The cases whose hand-over failed in an earlier sweep, on this service.</summary>
    public async Task<IReadOnlyList<string>> CasesToRetry()
    {
        await using var command = dataSource.CreateCommand("SELECT case_id FROM handover_retry WHERE service_id = $1");
        command.Parameters.AddWithValue(settings.ServiceId);
        return await Strings(command);
    }

    /// <summary>Keeps the cases that failed for the next sweep and lets go of those that were tried again and went through.</summary>
    /// <remarks>
    /// A retried case is let go only if no sweep has recorded it failing since <paramref name="sweepStarted"/>: two
    /// hosts may sweep at once, and one's success must not erase the other's newer failure.
    /// </remarks>
    public async Task RecordRetries(IReadOnlyCollection<string> failed, IReadOnlyCollection<string> retriedFine, DateTimeOffset sweepStarted)
    {
        if (failed.Count == 0 && retriedFine.Count == 0) return;
        await using var command = dataSource.CreateCommand("""
            WITH done AS (DELETE FROM handover_retry WHERE service_id = $1 AND case_id = ANY($3) AND failed_at < $4)
            INSERT INTO handover_retry (service_id, case_id, failed_at) SELECT $1, unnest($2::text[]), now()
            ON CONFLICT (service_id, case_id) DO UPDATE SET failed_at = excluded.failed_at
            """);
        command.Parameters.AddWithValue(settings.ServiceId);
        command.Parameters.AddWithValue(failed.ToArray());
        command.Parameters.AddWithValue(retriedFine.ToArray());
        command.Parameters.AddWithValue(sweepStarted);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<IReadOnlyList<string>> Strings(NpgsqlCommand command)
    {
        var values = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) values.Add(reader.GetString(0));
        return values;
    }
}

