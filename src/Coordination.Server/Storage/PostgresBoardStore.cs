using Coordination.Domain.Cases;
using Coordination.Grains;
using Npgsql;

namespace Coordination.Server.Storage;

/// <summary>
/// The boards' cards in PostgreSQL (silo-config/schema/009_board_cards.sql), one row per verband and case, written in
/// one batch per board save. Cards are JSON in the grain state's own format.
/// </summary>
public sealed class PostgresBoardStore(NpgsqlDataSource dataSource, string serviceId) : IBoardStore
{
    public async Task<IReadOnlyList<CaseSummary>> Load(string verband)
    {
        await using var command = dataSource.CreateCommand("SELECT summary::text FROM board_card WHERE service_id = $1 AND verband = $2");
        command.Parameters.AddWithValue(serviceId);
        command.Parameters.AddWithValue(verband);
        return await Json.ReadAll<CaseSummary>(command);
    }

    public async Task Save(string verband, IReadOnlyCollection<CaseSummary> changed, IReadOnlyCollection<BoardRemoval> removed)
    {
        await using var batch = dataSource.CreateBatch();
        if (changed.Count > 0)
        {
            // A card older than the stored one (a late save after a newer one) leaves the newer one.
            var upsert = new NpgsqlBatchCommand("""
                INSERT INTO board_card (service_id, verband, case_id, version, summary)
                SELECT $1, $2, c.id, c.version, c.summary FROM unnest($3::text[], $4::bigint[], $5::jsonb[]) AS c(id, version, summary)
                ON CONFLICT (service_id, verband, case_id) DO UPDATE SET version = excluded.version, summary = excluded.summary
                WHERE board_card.version < excluded.version
                """);
            upsert.Parameters.AddWithValue(serviceId);
            upsert.Parameters.AddWithValue(verband);
            upsert.Parameters.AddWithValue(changed.Select(c => c.Id).ToArray());
            upsert.Parameters.AddWithValue(changed.Select(c => c.Version).ToArray());
            upsert.Parameters.Add(Json.Array(changed));
            batch.BatchCommands.Add(upsert);
        }
        if (removed.Count > 0)
        {
            var delete = new NpgsqlBatchCommand("""
                DELETE FROM board_card b USING unnest($3::text[], $4::bigint[]) AS r(id, version)
                WHERE b.service_id = $1 AND b.verband = $2 AND b.case_id = r.id AND b.version <= r.version
                """);
            delete.Parameters.AddWithValue(serviceId);
            delete.Parameters.AddWithValue(verband);
            delete.Parameters.AddWithValue(removed.Select(r => r.CaseId).ToArray());
            delete.Parameters.AddWithValue(removed.Select(r => r.Version).ToArray());
            batch.BatchCommands.Add(delete);
        }
        if (batch.BatchCommands.Count > 0) await batch.ExecuteNonQueryAsync();
    }
}
