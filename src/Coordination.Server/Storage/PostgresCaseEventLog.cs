using System.Text.Json;
using System.Threading.Channels;
using Coordination.Domain.Cases;
using Coordination.Grains;
using Npgsql;
using NpgsqlTypes;

namespace Coordination.Server.Storage;

/// <summary>
/// Case histories in PostgreSQL (silo-config/schema/011_case_events.sql), one row per case and sequence. Events are
/// JSON in the grain state's own format.
/// </summary>
/// <remarks>
/// Appends are written together: one writer takes every append that is waiting and saves them in one statement, so
/// under load many changes share one round trip and one commit instead of paying for their own (W1 in
/// docs/benchmarks.md); alone, an append goes at once. Each caller still waits until its own events are committed.
/// </remarks>
public sealed class PostgresCaseEventLog : ICaseEventLog, IAsyncDisposable
{
    private sealed record Pending(string CaseId, IReadOnlyList<CaseEvent> Events, TaskCompletionSource Committed);

    // Bounds one statement's size; a backlog beyond it goes in the next statements.
    private const int MaxEventsPerStatement = 512;
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _serviceId;
    private readonly Channel<Pending> _waiting = Channel.CreateUnbounded<Pending>(new() { SingleReader = true });
    private readonly Task _writer;

    public PostgresCaseEventLog(NpgsqlDataSource dataSource, string serviceId)
    {
        _dataSource = dataSource;
        _serviceId = serviceId;
        _writer = Task.Run(WriteWhatWaits);
    }

    public Task Append(string caseId, IReadOnlyList<CaseEvent> events)
    {
        if (events.Count == 0) return Task.CompletedTask;
        var pending = new Pending(caseId, events, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_waiting.Writer.TryWrite(pending)) throw new ObjectDisposedException(nameof(PostgresCaseEventLog));
        return pending.Committed.Task;
    }

    private async Task WriteWhatWaits()
    {
        var batch = new List<Pending>();
        while (await _waiting.Reader.WaitToReadAsync())
        {
            var events = 0;
            while (events < MaxEventsPerStatement && _waiting.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
                events += pending.Events.Count;
            }
            try
            {
                await Write(batch);
                foreach (var pending in batch) pending.Committed.TrySetResult();
            }
            catch (Exception e)
            {
                // The events stay in their case records, which append them again (CaseGrain.AppendToLog).
                foreach (var pending in batch) pending.Committed.TrySetException(e);
            }
            batch.Clear();
        }
    }

    private async Task Write(IReadOnlyList<Pending> batch)
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

    /// <summary>Writes what was appended before the host stopped, then stops the writer.</summary>
    public async ValueTask DisposeAsync()
    {
        _waiting.Writer.TryComplete();
        await _writer;
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
