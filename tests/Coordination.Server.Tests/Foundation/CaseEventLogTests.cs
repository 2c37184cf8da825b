using Coordination.Contracts;
using Coordination.Domain.Cases;
using Coordination.Domain.Common;
using Coordination.Grains;
using Coordination.Server.Api;
using Coordination.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Coordination.Server.Tests.Foundation;

/// <summary>
/// A case's history lives in its event log (case_event), one row per event: a change saves its record with its events,
/// then appends them to the log; the record keeps no more than the last change's events, and only events up to the
/// record's version count.
/// </summary>
public sealed class CaseEventLogTests
{
    private static readonly Actor Coordinator = new("test", "PO2601");

    [Fact]
    public async Task A_change_appends_its_events_and_the_stored_record_keeps_only_the_last_changes()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var silo = await StartWithRegistry(db);
        var grain = await OpenCase(silo, "log-append");

        await grain.Apply(new CaseCommand { Trigger = "StartIntake", Reason = "intake gepland" }, Coordinator, null);

        Assert.Equal(["Signal", "StartIntake"], (await grain.History()).Select(e => e.What));
        Assert.Equal([1L, 2L], await db.Column<long>("SELECT sequence FROM case_event WHERE case_id = 'log-append' ORDER BY sequence"));
        Assert.Contains("StartIntake", await StoredHistory(db, "log-append"));
        Assert.DoesNotContain("Signal", await StoredHistory(db, "log-append"));
    }

    [Fact]
    public async Task Events_the_log_refused_stay_in_the_record_are_read_from_it_and_reach_the_log_with_the_next_change()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var silo = await StartWithRegistry(db);
        var grain = await OpenCase(silo, "log-down");
        await db.RefuseWrites("case_event");

        var accepted = await grain.Apply(new CaseCommand { Trigger = "StartIntake", Reason = "intake gepland" }, Coordinator, null);
        Assert.IsType<Outcome.Accepted>(accepted.Outcome);
        Assert.Equal(["Signal", "StartIntake"], (await grain.History()).Select(e => e.What));
        Assert.Equal([1L], await db.Column<long>("SELECT sequence FROM case_event WHERE case_id = 'log-down'"));
        Assert.Contains("StartIntake", await StoredHistory(db, "log-down"));

        await db.AcceptWrites("case_event");
        await grain.Apply(new CaseCommand { Trigger = "OfferArrangement", Reason = "extra begeleiding" }, Coordinator, null);
        Assert.Equal([1L, 2L, 3L], await db.Column<long>("SELECT sequence FROM case_event WHERE case_id = 'log-down' ORDER BY sequence"));
        Assert.Equal(["Signal", "StartIntake", "OfferArrangement"], (await grain.History()).Select(e => e.What));
    }

    [Fact]
    public async Task A_record_of_schema_1_moves_its_history_to_the_log_when_it_activates()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var silo = await StartWithRegistry(db);
        var at = DateTimeOffset.Parse("2026-03-02T09:00:00+01:00");
        var old = new CaseRecord
        {
            Schema = 1, Id = "schema-one", Version = 2, State = CaseState.Verkenning, HandedOverVersion = 2,
            History =
            [
                new CaseEvent(1, at, Coordinator, "Application", null, CaseState.Aangemeld, CaseState.Aangemeld),
                new CaseEvent(2, at.AddDays(1), Coordinator, "StartIntake", "intake gepland", CaseState.Aangemeld, CaseState.Verkenning),
            ],
        };
        var storage = silo.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.State);
        await storage.WriteStateAsync("case", GrainId.Create("case", "schema-one"), new GrainState<CaseRecord>(old));

        var history = await silo.Grains.GetGrain<ICaseGrain>("schema-one").History();

        Assert.Equal(["Application", "StartIntake"], history.Select(e => e.What));
        Assert.Equal("intake gepland", history[1].Reason);
        Assert.Equal(2, await db.Scalar<long>("SELECT count(*) FROM case_event WHERE case_id = 'schema-one'"));
        Assert.Null(await StoredHistory(db, "schema-one"));
        Assert.Equal(2, await db.Scalar<int>("SELECT (convert_from(payload, 'UTF8')::jsonb->>'schema')::int FROM orleans_grain_state WHERE convert_from(payload, 'UTF8')::jsonb->>'id' = 'schema-one'"));
    }

    [Fact]
    public async Task An_event_left_by_a_failed_record_write_is_never_read_and_the_next_change_replaces_it()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var silo = await StartWithRegistry(db);
        var grain = await OpenCase(silo, "log-orphan");
        // What a change leaves behind when its events were appended and then its record write failed.
        await silo.Services.GetRequiredService<ICaseEventLog>().Append("log-orphan",
            [new CaseEvent(2, DateTimeOffset.UtcNow, Coordinator, "Close", "never saved", CaseState.Aangemeld, CaseState.Afgesloten)]);

        Assert.Equal(["Signal"], (await grain.History()).Select(e => e.What));

        await grain.Apply(new CaseCommand { Trigger = "StartIntake", Reason = "intake gepland" }, Coordinator, null);
        Assert.Equal(["Signal", "StartIntake"], (await grain.History()).Select(e => e.What));
    }

    private static async Task<InProcessSilo> StartWithRegistry(TestDatabase db)
    {
        var silo = await InProcessSilo.StartAsync(InProcessSilo.Settings(db.ConnectionString));
        var csv = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "silo-config", "demo", "registry.csv"));
        await ImportEndpoints.Run(csv, silo.Grains, Actor.System);
        return silo;
    }

    private static async Task<ICaseGrain> OpenCase(InProcessSilo silo, string id)
    {
        var grain = silo.Grains.GetGrain<ICaseGrain>(id);
        var opened = await grain.Open(new NewCase
        {
            ParentsInformed = true,
            Student = new NewStudent { Name = "Sam de Vries", DateOfBirth = "2016-06-01", Municipality = "GM0344", School = "01AA00" },
        }, Coordinator);
        Assert.IsType<Outcome.Accepted>(opened.Outcome);
        return grain;
    }

    private static Task<string?> StoredHistory(TestDatabase db, string id) => db.Scalar<string>(
        $"SELECT (convert_from(payload, 'UTF8')::jsonb->'history')::text FROM orleans_grain_state WHERE convert_from(payload, 'UTF8')::jsonb->>'id' = '{id}'");
}
