using System.Text.Json;
using Coordination.Domain.Cases;
using Coordination.Grains;
using Npgsql;
using NpgsqlTypes;

namespace Coordination.Server.Storage;

/// <summary>
/// Case histories in PostgreSQL (silo-config/schema/011_case_events.sql), one row per case and sequence. Events are
/// JSON in the grain state's own format. Appends that wait are written together (<see cref="WriteBatcher{T}"/>).
/// </summary>
public sealed class PostgresCaseEventLog : ICaseEventLog, IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _serviceId;
    private readonly WriteBatcher<(string CaseId, IReadOnlyList<CaseEvent> Events)> _appends;

    public PostgresCaseEventLog(NpgsqlDataSource dataSource, string serviceId)
    {
        _dataSource = dataSource;
        _serviceId = serviceId;
        // Bounds one statement's size; a backlog beyond it goes in the next statements.
        _appends = new(Write, a => a.Events.Count, maxSize: 512);
    }

    public Task Append(string caseId, IReadOnlyList<CaseEvent> events) =>
        events.Count == 0 ? Task.CompletedTask : _appends.Write((caseId, events));

    private async Task Write(IReadOnlyList<(string CaseId, IReadOnlyList<CaseEvent> Events)> batch)
    {
        // One row per case and sequence: PostgreSQL refuses a statement that would update the same row twice, and a
        // later append of the same event is the one to keep.
        var rows = batch.SelectMany(p => p.Events.Select(e => (p.CaseId, Event: e)))
            .GroupBy(r => (r.CaseId, r.Event.Sequence)).Select(g => g.Last()).ToList();
        await using var command = _dataSource.CreateCommand("""
            INSERT INTO case_event (service_id, case_id, sequence, event)
            SELECT $1, e.case_id, e.sequence, e.event FROM unnest($2::text[], $3::bigint[], $4::jsonb[]) AS e(case_id, sequence, event)
            ON CONFLICT (service_id, case_id, sequence) DO UPDATE SET event = excluded.event, recorded_at = now()
            """);
        command.Parameters.AddWithValue(_serviceId);
        command.Parameters.AddWithValue(rows.Select(r => r.CaseId).ToArray());
        command.Parameters.AddWithValue(rows.Select(r => r.Event.Sequence).ToArray());
        command.Parameters.Add(Json.Array(rows.Select(r => r.Event)));
        await command.ExecuteNonQueryAsync();
    }

    public async Task<IReadOnlyList<CaseEvent>> Read(string caseId, long after, long upTo)
    {
        await using var command = _dataSource.CreateCommand("""
            SELECT event::text FROM case_event
            WHERE service_id = $1 AND case_id = $2 AND sequence > $3 AND sequence <= $4 ORDER BY sequence
            """);
        command.Parameters.AddWithValue(_serviceId);
        command.Parameters.AddWithValue(caseId);
        command.Parameters.AddWithValue(after);
        command.Parameters.AddWithValue(upTo);
        return await Json.ReadAll<CaseEvent>(command);
    }

    /// <summary>Writes what was appended before the host stopped.</summary>
    public ValueTask DisposeAsync() => _appends.DisposeAsync();
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
