using Coordination.Domain.Cases;
using Coordination.Domain.Common;
using Coordination.Server.Storage;
using Coordination.Server.Tests.Infrastructure;
using Npgsql;

namespace Coordination.Server.Tests.Foundation;

/// <summary>
/// The PostgreSQL event log writes the appends that wait together in one statement (one round trip and one commit
/// for many changes), and still tells each caller when its own events are committed.
/// </summary>
public sealed class EventLogBatchingTests
{
    private static readonly Actor Coordinator = new("test", "PO2601");

    [Fact]
    public async Task Appends_that_wait_while_a_write_is_under_way_go_together_in_one_statement()
    {
        await using var db = await Migrated();
        await CountStatements(db);
        await using var dataSource = db.DataSource();
        await using var log = new PostgresCaseEventLog(dataSource, "svc");

        Task[] appends;
        await using (await HoldTheLog(db))
        {
            var first = log.Append("case-0", [Event(1, "Signal")]);
            await WriterBlocked(db); // the writer now waits for the lock with the first append
            appends = [first, .. Enumerable.Range(1, 99).Select(i => log.Append($"case-{i}", [Event(1, "Signal"), Event(2, "StartIntake")]))];
            Assert.DoesNotContain(appends, a => a.IsCompleted);
        }
        await Task.WhenAll(appends);

        Assert.Equal(1 + 99 * 2, await db.Scalar<long>("SELECT count(*) FROM case_event"));
        Assert.Equal(2, await db.Scalar<long>("SELECT count(*) FROM appends"));
    }

    [Fact]
    public async Task An_event_appended_twice_in_one_statement_is_written_once_and_the_later_wins()
    {
        await using var db = await Migrated();
        await using var dataSource = db.DataSource();
        await using var log = new PostgresCaseEventLog(dataSource, "svc");

        Task[] appends;
        await using (await HoldTheLog(db))
        {
            var first = log.Append("other", [Event(1, "Signal")]);
            await WriterBlocked(db);
            appends = [first, log.Append("case", [Event(1, "Signal", "first try")]), log.Append("case", [Event(1, "Signal", "saved")])];
        }
        await Task.WhenAll(appends);

        Assert.Equal(["saved"], (await log.Read("case", 0, 10)).Select(e => e.Reason));
    }

    [Fact]
    public async Task When_the_statement_fails_every_append_in_it_fails_and_the_next_ones_are_written()
    {
        await using var db = await Migrated();
        await using var dataSource = db.DataSource();
        await using var log = new PostgresCaseEventLog(dataSource, "svc");
        await db.RefuseWrites("case_event", "INSERT");

        var refused = new[] { log.Append("a", [Event(1, "Signal")]), log.Append("b", [Event(1, "Signal")]) };
        foreach (var append in refused) await Assert.ThrowsAsync<PostgresException>(() => append);

        await db.AcceptWrites("case_event");
        await log.Append("a", [Event(1, "Signal")]);
        Assert.Equal(["a"], await db.Column<string>("SELECT case_id FROM case_event"));
    }

    [Fact]
    public async Task An_append_the_database_refuses_fails_alone_and_the_others_in_its_statement_are_written()
    {
        await using var db = await Migrated();
        await using var dataSource = db.DataSource();
        await using var log = new PostgresCaseEventLog(dataSource, "svc");
        await db.RefuseWrites("case_event", "INSERT", when: "NEW.case_id = 'poison'");

        Task first, poison, other;
        await using (await HoldTheLog(db))
        {
            first = log.Append("first", [Event(1, "Signal")]);
            await WriterBlocked(db);
            (poison, other) = (log.Append("poison", [Event(1, "Signal")]), log.Append("other", [Event(1, "Signal")]));
        }

        await first;
        await Assert.ThrowsAsync<PostgresException>(() => poison);
        await other;
        Assert.Equal(["first", "other"], await db.Column<string>("SELECT case_id FROM case_event ORDER BY case_id"));
    }

    [Fact]
    public async Task Stopping_the_log_writes_what_still_waits()
    {
        await using var db = await Migrated();
        await using var dataSource = db.DataSource();
        var log = new PostgresCaseEventLog(dataSource, "svc");

        ValueTask stopping;
        await using (await HoldTheLog(db))
        {
            _ = log.Append("a", [Event(1, "Signal")]);
            await WriterBlocked(db);
            _ = log.Append("b", [Event(1, "Signal")]);
            stopping = log.DisposeAsync();
        }
        await stopping;

        Assert.Equal(["a", "b"], await db.Column<string>("SELECT case_id FROM case_event ORDER BY case_id"));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => log.Append("c", [Event(1, "Signal")]));
    }

    private static CaseEvent Event(long sequence, string what, string? reason = null) =>
        new(sequence, DateTimeOffset.UtcNow, Coordinator, what, reason, CaseState.Aangemeld, CaseState.Aangemeld);

    private static async Task<TestDatabase> Migrated()
    {
        var db = await TestDatabase.CreateAsync();
        await using var dataSource = db.DataSource();
        await new SchemaMigrator(dataSource, SchemaMigrator.DefaultFolder).ApplyAsync();
        return db;
    }

    /// <summary>Counts the INSERT statements on case_event (not their rows) in table appends.</summary>
    private static Task CountStatements(TestDatabase db) => db.Scalar<int>("""
        CREATE TABLE appends (at timestamptz DEFAULT now());
        CREATE FUNCTION count_append() RETURNS trigger AS 'BEGIN INSERT INTO appends DEFAULT VALUES; RETURN NULL; END' LANGUAGE plpgsql;
        CREATE TRIGGER count_append AFTER INSERT ON case_event FOR EACH STATEMENT EXECUTE FUNCTION count_append();
        SELECT 1
        """);

    /// <summary>Waits until the log's writer is stuck on the lock <see cref="HoldTheLog"/> holds.</summary>
    private static async Task WriterBlocked(TestDatabase db)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(10); DateTime.UtcNow < deadline; await Task.Delay(20))
            if (await db.Scalar<long>($"SELECT count(*) FROM pg_stat_activity WHERE datname = '{db.Name}' AND wait_event_type = 'Lock' AND query LIKE '%INSERT INTO case_event%'") > 0)
                return;
        throw new TimeoutException("the log's writer never waited for the lock");
    }

    /// <summary>Locks case_event until disposed, so the log's writer stalls on its next statement.</summary>
    private static async Task<IAsyncDisposable> HoldTheLog(TestDatabase db)
    {
        var connection = new NpgsqlConnection(db.ConnectionString);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using (var lockIt = new NpgsqlCommand("LOCK TABLE case_event IN EXCLUSIVE MODE", connection, transaction))
            await lockIt.ExecuteNonQueryAsync();
        return new Release(connection, transaction);
    }

    private sealed class Release(NpgsqlConnection connection, NpgsqlTransaction transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await transaction.CommitAsync();
            await connection.DisposeAsync();
        }
    }
}
