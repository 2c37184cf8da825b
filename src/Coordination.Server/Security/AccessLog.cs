using System.Security.Claims;
using Npgsql;

namespace Coordination.Server.Security;

/// <summary>The append-only log of reads of a case's details (silo-config/schema/005_access_log.sql).</summary>
public sealed class AccessLog(NpgsqlDataSource dataSource, TimeProvider time)
{
    public const int MaxPageSize = 200;

    public sealed record Entry(long Id, DateTimeOffset At, string Name, string Organisation, string Role, string What);

    public async Task Record(ClaimsPrincipal user, string caseId, string what)
    {
        var actor = user.ToActor();
        await using var cmd = dataSource.CreateCommand(
            "insert into case_access_log (at, case_id, name, organisation, role, what) values ($1, $2, $3, $4, $5, $6)");
        cmd.Parameters.AddWithValue(time.GetUtcNow());
        cmd.Parameters.AddWithValue(caseId);
        cmd.Parameters.AddWithValue(actor.Name);
        cmd.Parameters.AddWithValue(actor.Organisation);
        cmd.Parameters.AddWithValue(user.Role());
        cmd.Parameters.AddWithValue(what);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>Newest first, a page at a time.</summary>
    public async Task<(IReadOnlyList<Entry> Entries, long Total)> Read(string caseId, int page, int pageSize)
    {
        var entries = new List<Entry>();
        await using (var cmd = dataSource.CreateCommand(
            "select id, at, name, organisation, role, what from case_access_log where case_id = $1 order by id desc offset $2 limit $3"))
        {
            cmd.Parameters.AddWithValue(caseId);
            cmd.Parameters.AddWithValue((page - 1) * pageSize);
            cmd.Parameters.AddWithValue(pageSize);
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync())
                entries.Add(new Entry(r.GetInt64(0), r.GetFieldValue<DateTimeOffset>(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5)));
        }
        await using var count = dataSource.CreateCommand("select count(*) from case_access_log where case_id = $1");
        count.Parameters.AddWithValue(caseId);
        return (entries, (long)(await count.ExecuteScalarAsync())!);
    }
}
