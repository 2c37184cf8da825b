using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Npgsql;

namespace Coordination.Server.Storage;

/// <summary>
/// Applies the numbered files of silo-config/schema (NNN_name.sql) that a database has not seen yet, each in its
/// own transaction together with its row in coordination_schema. An existing database is only ever upgraded:
/// files never drop data, and a file changed after it was applied stops the host instead of running twice.
/// </summary>
public sealed partial class SchemaMigrator(NpgsqlDataSource dataSource, string schemaFolder, ILogger? logger = null)
{
    // Any fixed number works; it only has to be the same for every host that migrates this database.
    private const long AdvisoryLockKey = 0x436F6F7264; // "Coord"

    public static string DefaultFolder => Path.Combine(AppContext.BaseDirectory, "silo-config", "schema");

    public IReadOnlyList<SchemaFile> Files() =>
        Directory.GetFiles(schemaFolder, "*.sql")
            .Select(SchemaFile.Read)
            .OrderBy(f => f.Version)
            .ToList();

    /// <summary>Applies every pending file up to <paramref name="upTo"/> (all when null); returns the versions applied.</summary>
    public async Task<IReadOnlyList<int>> ApplyAsync(int? upTo = null, CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        // Several silos may start at once against one database: one migrates, the others wait and then find nothing to do.
        await Execute(connection, $"select pg_advisory_lock({AdvisoryLockKey})", ct);
        try
        {
            await Execute(connection, """
                create table if not exists coordination_schema (
                    version    integer primary key,
                    name       text not null,
                    checksum   text not null,
                    applied_at timestamptz not null default now()
                )
                """, ct);
            var applied = await AppliedAsync(connection, ct);
            var done = new List<int>();
            foreach (var file in Files().Where(f => upTo is null || f.Version <= upTo))
            {
                if (applied.TryGetValue(file.Version, out var checksum))
                {
                    if (checksum != file.Checksum)
                        throw new InvalidOperationException(
                            $"Schema file {file.Name} was changed after it was applied to this database. Add a new numbered file instead.");
                    continue;
                }
                await using var tx = await connection.BeginTransactionAsync(ct);
                await Execute(connection, file.Sql, ct, tx);
                await using (var record = new NpgsqlCommand(
                    "insert into coordination_schema (version, name, checksum) values ($1, $2, $3)", connection, tx))
                {
                    record.Parameters.AddWithValue(file.Version);
                    record.Parameters.AddWithValue(file.Name);
                    record.Parameters.AddWithValue(file.Checksum);
                    await record.ExecuteNonQueryAsync(ct);
                }
                await tx.CommitAsync(ct);
                logger?.LogInformation("Applied schema {Version} ({Name})", file.Version, file.Name);
                done.Add(file.Version);
            }
            return done;
        }
        finally
        {
            await Execute(connection, $"select pg_advisory_unlock({AdvisoryLockKey})", CancellationToken.None);
        }
    }

    private static async Task<Dictionary<int, string>> AppliedAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var applied = new Dictionary<int, string>();
        await using var cmd = new NpgsqlCommand("select version, checksum from coordination_schema", connection);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) applied[reader.GetInt32(0)] = reader.GetString(1);
        return applied;
    }

    private static async Task Execute(NpgsqlConnection connection, string sql, CancellationToken ct, NpgsqlTransaction? tx = null)
    {
        await using var cmd = new NpgsqlCommand(sql, connection, tx);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public sealed record SchemaFile(int Version, string Name, string Sql, string Checksum)
    {
        public static SchemaFile Read(string path)
        {
            var name = Path.GetFileName(path);
            var match = FileName().Match(name);
            if (!match.Success)
                throw new InvalidOperationException($"Schema file {name} is not named NNN_name.sql.");
            // Line endings must not change the checksum: a checkout on another OS is the same file.
            var sql = File.ReadAllText(path).Replace("\r\n", "\n");
            var checksum = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql)));
            return new SchemaFile(int.Parse(match.Groups[1].Value), name, sql, checksum);
        }
    }

    [GeneratedRegex(@"^(\d{3})_[a-z0-9_]+\.sql$")]
    private static partial Regex FileName();
}
