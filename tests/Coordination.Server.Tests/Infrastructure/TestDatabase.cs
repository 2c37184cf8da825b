using Npgsql;

namespace Coordination.Server.Tests.Infrastructure;

/// <summary>
/// A fresh, empty database on the test PostgreSQL that scripts/test.sh starts (COORDINATION_TEST_DB), so tests
/// never share rows. Dropped again when disposed.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private static readonly string Server = Environment.GetEnvironmentVariable("COORDINATION_TEST_DB")
        ?? "Host=127.0.0.1;Port=55433;Database=coordination_test;Username=coordination";

    public string Name { get; } = "t_" + Guid.NewGuid().ToString("N")[..12];
    public string ConnectionString { get; }

    private TestDatabase()
    {
        ConnectionString = new NpgsqlConnectionStringBuilder(Server) { Database = Name, MaxPoolSize = 20 }.ConnectionString;
    }

    public static async Task<TestDatabase> CreateAsync()
    {
        var db = new TestDatabase();
        await using var admin = NpgsqlDataSource.Create(Server);
        await using var cmd = admin.CreateCommand($"create database \"{db.Name}\"");
        await cmd.ExecuteNonQueryAsync();
        return db;
    }

    public NpgsqlDataSource DataSource() => NpgsqlDataSource.Create(ConnectionString);

    public async Task<T?> Scalar<T>(string sql)
    {
        await using var ds = DataSource();
        await using var cmd = ds.CreateCommand(sql);
        var value = await cmd.ExecuteScalarAsync();
        return value is null or DBNull ? default : (T)Convert.ChangeType(value, typeof(T));
    }

    public async Task<IReadOnlyList<T>> Column<T>(string sql)
    {
        await using var ds = DataSource();
        await using var cmd = ds.CreateCommand(sql);
        await using var reader = await cmd.ExecuteReaderAsync();
        var values = new List<T>();
        while (await reader.ReadAsync()) values.Add(reader.GetFieldValue<T>(0));
        return values;
    }

    /// <summary>
    /// Makes PostgreSQL refuse writes to <paramref name="table"/> (a trigger that raises), as a full disk or a broken
    /// constraint would, until <see cref="AcceptWrites"/>; <paramref name="when"/> limits it to some rows.
    /// </summary>
    public Task RefuseWrites(string table, string operations = "INSERT OR UPDATE", string? when = null) => Scalar<int>($"""
        CREATE OR REPLACE FUNCTION refuse_write() RETURNS trigger AS 'BEGIN RAISE EXCEPTION ''refused by the test''; END' LANGUAGE plpgsql;
        CREATE TRIGGER refuse_{table} BEFORE {operations} ON {table} FOR EACH ROW {(when is null ? "" : $"WHEN ({when}) ")}EXECUTE FUNCTION refuse_write();
        SELECT 1
        """);

    public Task AcceptWrites(string table) => Scalar<int>($"DROP TRIGGER refuse_{table} ON {table}; SELECT 1");

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = NpgsqlDataSource.Create(Server);
        await using var cmd = admin.CreateCommand($"drop database if exists \"{Name}\" with (force)");
        // An autovacuum worker on the database cannot be stopped by this role (42501); it is done within moments.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await cmd.ExecuteNonQueryAsync();
                return;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege && attempt < 50)
            {
                await Task.Delay(100);
            }
        }
    }
}
