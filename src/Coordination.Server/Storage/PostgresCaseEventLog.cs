using System.Text.Json;
using Coordination.Domain.Cases;
using Coordination.Grains;
using Coordination.Server.Hosting;
using Npgsql;
using NpgsqlTypes;

namespace Coordination.Server.Storage;

/// <summary>
/// Case histories in PostgreSQL (silo-config/schema/011_case_events.sql), one row per case and sequence, appended in
/// one statement per change. Events are JSON in the grain state's own format.
/// </summary>
public sealed class PostgresCaseEventLog(NpgsqlDataSource dataSource, string serviceId) : ICaseEventLog
{
    public async Task Append(string caseId, IReadOnlyList<CaseEvent> events)
    {
        if (events.Count == 0) return;
        await using var command = dataSource.CreateCommand("""
            INSERT INTO case_event (service_id, case_id, sequence, event)
            SELECT $1, $2, e.sequence, e.event FROM unnest($3::bigint[], $4::jsonb[]) AS e(sequence, event)
            ON CONFLICT (service_id, case_id, sequence) DO UPDATE SET event = excluded.event, recorded_at = now()
            """);
        command.Parameters.AddWithValue(serviceId);
        command.Parameters.AddWithValue(caseId);
        command.Parameters.AddWithValue(events.Select(e => e.Sequence).ToArray());
        command.Parameters.Add(Json.Array(events));
        await command.ExecuteNonQueryAsync();
    }

    public async Task<IReadOnlyList<CaseEvent>> Read(string caseId, long after, long upTo)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT event::text FROM case_event
            WHERE service_id = $1 AND case_id = $2 AND sequence > $3 AND sequence <= $4 ORDER BY sequence
            """);
        command.Parameters.AddWithValue(serviceId);
        command.Parameters.AddWithValue(caseId);
        command.Parameters.AddWithValue(after);
        command.Parameters.AddWithValue(upTo);
        return await Json.ReadAll<CaseEvent>(command);
    }
}

/// <summary>Rows of JSON in the grain state's own format, to and from PostgreSQL's jsonb.</summary>
internal static class Json
{
    public static NpgsqlParameter Array<T>(IEnumerable<T> items) => new()
    {
        NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb,
        Value = items.Select(i => JsonSerializer.Serialize(i, JsonStateSerializer.Options)).ToArray(),
    };

    /// <summary>Reads the first column of every row, JSON text, into <typeparamref name="T"/>.</summary>
    public static async Task<IReadOnlyList<T>> ReadAll<T>(NpgsqlCommand command)
    {
        var items = new List<T>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) items.Add(JsonSerializer.Deserialize<T>(reader.GetString(0), JsonStateSerializer.Options)!);
        return items;
    }
}
