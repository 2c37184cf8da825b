using Coordination.Server.Storage;
using Coordination.Server.Tests.Infrastructure;
using Npgsql;

namespace Coordination.Server.Tests.Foundation;

/// <summary>The schema is applied once per version: a second run changes nothing, an upgrade keeps every row.</summary>
public sealed class SchemaTests
{
    private static SchemaMigrator Migrator(NpgsqlDataSource ds) => new(ds, Path.Combine(AppContext.BaseDirectory, "silo-config", "schema"));

    [Fact]
    public async Task Applying_the_schema_twice_leaves_the_database_unchanged()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var ds = db.DataSource();
        var applied = await Migrator(ds).ApplyAsync();
        Assert.Equal(Migrator(ds).Files().Select(f => f.Version), applied);
        var before = await Snapshot(ds);

        var again = await Migrator(ds).ApplyAsync();

        Assert.Empty(again);
        Assert.Equal(before, await Snapshot(ds));
    }

    [Fact]
    public async Task An_upgrade_from_the_previous_version_keeps_the_rows()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var ds = db.DataSource();
        var files = Migrator(ds).Files();
        var previous = files[^2].Version;
        await Migrator(ds).ApplyAsync(upTo: previous);
        await using (var insert = ds.CreateCommand("""
            insert into orleans_grain_state (service_id, grain_type_hash, grain_id_hash, grain_id_n0, grain_id_n1, grain_type, grain_key_ext, payload, version)
            values ('svc', 1, 2, 0, 0, 'case', 'abc', convert_to('{"state":"Aangemeld"}', 'UTF8'), 3)
            """))
            await insert.ExecuteNonQueryAsync();

        var upgraded = await Migrator(ds).ApplyAsync();

        Assert.Equal(files.Where(f => f.Version > previous).Select(f => f.Version), upgraded);
        Assert.Equal(1L, await db.Scalar<long>("select count(*) from orleans_grain_state where grain_key_ext = 'abc' and version = 3"));
        Assert.Equal("""{"state":"Aangemeld"}""", await db.Scalar<string>("select convert_from(payload, 'UTF8') from orleans_grain_state"));
    }

    [Fact]
    public async Task A_schema_file_changed_after_it_was_applied_stops_the_migration()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var ds = db.DataSource();
        await Migrator(ds).ApplyAsync();
        await using (var tamper = ds.CreateCommand("update coordination_schema set checksum = 'other' where version = 1"))
            await tamper.ExecuteNonQueryAsync();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Migrator(ds).ApplyAsync());
        Assert.Contains("was changed after it was applied", error.Message);
    }

    /// <summary>Every column of every table, the applied versions, the stored queries and the row counts.</summary>
    private static async Task<string> Snapshot(NpgsqlDataSource ds)
    {
        var parts = new List<string>();
        async Task Add(string sql)
        {
            await using var cmd = ds.CreateCommand(sql);
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync())
                parts.Add(string.Join("|", Enumerable.Range(0, r.FieldCount).Select(i => r.IsDBNull(i) ? "null" : r.GetValue(i).ToString())));
        }
        await Add("select table_name, column_name, data_type, is_nullable from information_schema.columns where table_schema = 'public' order by 1, 2");
        await Add("select indexname, indexdef from pg_indexes where schemaname = 'public' order by 1");
        await Add("select version, name, checksum, applied_at from coordination_schema order by 1");
        await Add("select querykey, md5(querytext) from orleansquery order by 1");
        return string.Join("\n", parts);
    }
}
