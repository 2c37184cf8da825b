using Coordination.Domain.Cases;
using Coordination.Grains;
using Npgsql;

namespace Coordination.Server.Storage;

/// <summary>
/// The boards' cards in PostgreSQL (silo-config/schema/009_board_cards.sql), one row per verband and case. Cards are
/// JSON in the grain state's own format. A board saves a card as it changes; the saves of all boards that wait are
/// written together (<see cref="WriteBatcher{T}"/>), so this costs a row in a shared statement, not a round trip.
/// </summary>
public sealed class PostgresBoardStore : IBoardStore, IAsyncDisposable
{
    private sealed record PendingSave(string Verband, IReadOnlyCollection<CaseSummary> Changed, IReadOnlyCollection<BoardRemoval> Removed);

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _serviceId;
    private readonly WriteBatcher<PendingSave> _saves;

    public PostgresBoardStore(NpgsqlDataSource dataSource, string serviceId)
    {
        _dataSource = dataSource;
        _serviceId = serviceId;
        _saves = new(Write, s => s.Changed.Count + s.Removed.Count, maxSize: 512);
    }

    public async Task<IReadOnlyList<CaseSummary>> Load(string verband)
    {
        await using var command = _dataSource.CreateCommand("SELECT summary::text FROM board_card WHERE service_id = $1 AND verband = $2");
        command.Parameters.AddWithValue(_serviceId);
        command.Parameters.AddWithValue(verband);
        return await Json.ReadAll<CaseSummary>(command);
    }

    public Task Save(string verband, IReadOnlyCollection<CaseSummary> changed, IReadOnlyCollection<BoardRemoval> removed) =>
        changed.Count + removed.Count == 0 ? Task.CompletedTask : _saves.Write(new PendingSave(verband, changed, removed));

    private async Task Write(IReadOnlyList<PendingSave> saves)
    {
        // One row per verband and case in the upsert (PostgreSQL refuses to update a row twice in one statement): the
        // newest card. Removals run after it, and only take a card no newer than themselves.
        var cards = saves.SelectMany(s => s.Changed.Select(c => (s.Verband, Card: c)))
            .GroupBy(r => (r.Verband, r.Card.Id)).Select(g => g.MaxBy(r => r.Card.Version)).ToList();
        var removals = saves.SelectMany(s => s.Removed.Select(r => (s.Verband, Removal: r))).ToList();
        await using var batch = _dataSource.CreateBatch();
        if (cards.Count > 0)
        {
            // A card older than the stored one (a late save after a newer one) leaves the newer one.
            var upsert = new NpgsqlBatchCommand("""
                INSERT INTO board_card (service_id, verband, case_id, version, summary)
                SELECT $1, c.verband, c.id, c.version, c.summary FROM unnest($2::text[], $3::text[], $4::bigint[], $5::jsonb[]) AS c(verband, id, version, summary)
                ON CONFLICT (service_id, verband, case_id) DO UPDATE SET version = excluded.version, summary = excluded.summary
                WHERE board_card.version < excluded.version
                """);
            upsert.Parameters.AddWithValue(_serviceId);
            upsert.Parameters.AddWithValue(cards.Select(c => c.Verband).ToArray());
            upsert.Parameters.AddWithValue(cards.Select(c => c.Card.Id).ToArray());
            upsert.Parameters.AddWithValue(cards.Select(c => c.Card.Version).ToArray());
            upsert.Parameters.Add(Json.Array(cards.Select(c => c.Card)));
            batch.BatchCommands.Add(upsert);
        }
        if (removals.Count > 0)
        {
            var delete = new NpgsqlBatchCommand("""
                DELETE FROM board_card b USING unnest($2::text[], $3::text[], $4::bigint[]) AS r(verband, id, version)
                WHERE b.service_id = $1 AND b.verband = r.verband AND b.case_id = r.id AND b.version <= r.version
                """);
            delete.Parameters.AddWithValue(_serviceId);
            delete.Parameters.AddWithValue(removals.Select(r => r.Verband).ToArray());
            delete.Parameters.AddWithValue(removals.Select(r => r.Removal.CaseId).ToArray());
            delete.Parameters.AddWithValue(removals.Select(r => r.Removal.Version).ToArray());
            batch.BatchCommands.Add(delete);
        }
        await batch.ExecuteNonQueryAsync();
    }

    /// <summary>Writes the saves handed in before the host stopped.</summary>
    public ValueTask DisposeAsync() => _saves.DisposeAsync();
}
