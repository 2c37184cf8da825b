using System.Net;
using Coordination.Server.Tests.Infrastructure;

namespace Coordination.Server.Tests.Foundation;

/// <summary>What was written through the server is still there after the host stops and starts again.</summary>
public sealed class RestartTests
{
    [Fact]
    public async Task A_case_and_a_verband_survive_a_full_restart_of_the_host()
    {
        await using var db = await TestDatabase.CreateAsync();
        string caseId;
        await using (var first = await ServerProcess.StartAsync(new(db.ConnectionString)))
        {
            await first.Http.ImportDemoRegistry();
            caseId = await first.Http.OpenCase(Cases.OneVerband());
            await first.Http.Fire(caseId, new { trigger = "StartIntake", reason = "intake gepland" });
            await first.StopAsync();
        }

        await using var second = await ServerProcess.StartAsync(new(db.ConnectionString));
        var found = await second.Http.GetOk($"/api/v1/cases/{caseId}");
        Assert.Equal("Verkenning", (string)found["state"]!);
        Assert.Equal(2, (long)found["version"]!);
        var history = (await second.Http.GetOk($"/api/v1/cases/{caseId}/history")).AsArray();
        Assert.Equal(["Application", "StartIntake"], history.Select(e => (string)e!["what"]!));
        Assert.Equal("Active", (string)(await second.Http.GetOk("/api/v1/verbanden/PO2601"))["state"]!);
    }

    [Fact]
    public async Task A_board_saves_the_card_of_the_case_that_changed_and_comes_back_whole_after_a_restart()
    {
        await using var db = await TestDatabase.CreateAsync();
        string[] cases;
        await using (var first = await ServerProcess.StartAsync(new(db.ConnectionString)))
        {
            await first.Http.ImportDemoRegistry();
            cases = [await first.Http.OpenCase(Cases.OneVerband()), await first.Http.OpenCase(Cases.OneVerband()), await first.Http.OpenCase(Cases.OneVerband())];
            await first.Http.Fire(cases[1], new { trigger = "StartIntake", reason = "intake gepland" });
            await first.StopAsync();
        }

        // One row per card, each at its case's version; the board's own row holds no cards.
        Assert.Equal(3, await db.Scalar<long>("SELECT count(*) FROM board_card WHERE verband = 'PO2601'"));
        Assert.Equal(2, await db.Scalar<long>($"SELECT version FROM board_card WHERE verband = 'PO2601' AND case_id = '{cases[1]}'"));
        Assert.Equal(0, await db.Scalar<long>("SELECT count(*) FROM orleans_grain_state WHERE grain_type = 'board' AND convert_from(payload, 'UTF8')::jsonb->'cases' <> '{}'::jsonb"));

        await using var second = await ServerProcess.StartAsync(new(db.ConnectionString));
        var cards = await BoardStates(second);
        Assert.Equal(cases.Order(), cards.Keys.Order());
        Assert.Equal("Verkenning", cards[cases[1]]);
    }

    [Fact]
    public async Task A_board_comes_back_from_a_crash_with_every_change_it_took()
    {
        await using var db = await TestDatabase.CreateAsync();
        string[] cases;
        await using (var first = await ServerProcess.StartAsync(new(db.ConnectionString)))
        {
            await first.Http.ImportDemoRegistry();
            cases = [await first.Http.OpenCase(Cases.OneVerband()), await first.Http.OpenCase(Cases.OneVerband())];
            await first.Http.Fire(cases[1], new { trigger = "StartIntake", reason = "intake gepland" });
            // At once, before the board's next save (about once a second): the hand-over sweep a host runs when it
            // starts has these cases send their cards again.
            await first.KillAsync();
        }

        await using var second = await ServerProcess.StartAsync(new(db.ConnectionString));
        var cards = await Eventually(() => BoardStates(second), c => c.GetValueOrDefault(cases[1]) == "Verkenning");
        Assert.Equal(cases.Order(), cards.Keys.Order());
        Assert.Equal("Verkenning", cards[cases[1]]);
    }

    [Fact]
    public async Task A_card_a_board_could_not_save_before_a_crash_reaches_it_after_the_restart()
    {
        await using var db = await TestDatabase.CreateAsync();
        string id;
        await using (var first = await ServerProcess.StartAsync(new(db.ConnectionString)))
        {
            await first.Http.ImportDemoRegistry();
            id = await first.Http.OpenCase(Cases.OneVerband());
            await db.RefuseWrites("board_card");
            await first.Http.Fire(id, new { trigger = "StartIntake", reason = "intake gepland" });
            // The board holds the card in memory only, and dies with it.
            await first.KillAsync();
        }
        await db.AcceptWrites("board_card");

        await using var second = await ServerProcess.StartAsync(new(db.ConnectionString));
        var cards = await Eventually(() => BoardStates(second), c => c.GetValueOrDefault(id) == "Verkenning");
        Assert.Equal("Verkenning", cards.GetValueOrDefault(id));
    }

    [Fact]
    public async Task A_verband_that_stopped_being_a_party_just_before_a_crash_loses_the_card_after_the_restart()
    {
        await using var db = await TestDatabase.CreateAsync();
        string id;
        await using (var first = await ServerProcess.StartAsync(new(db.ConnectionString)))
        {
            await first.Http.ImportDemoRegistry();
            id = await first.Http.OpenCase(Cases.LivesInEemlandSchoolInUtrecht());
            await Eventually(() => db.Scalar<long>($"SELECT count(*) FROM board_card WHERE verband = 'PO2602' AND case_id = '{id}'"), n => n == 1);
            await db.RefuseWrites("board_card", "DELETE");
            // The child moves to Utrecht: Amersfoort's PO2602 is no longer a party, and its board cannot drop the card.
            await first.Http.Fire(id, new { trigger = "Move", municipality = "GM0344", reason = "verhuisd" });
            Assert.DoesNotContain(id, (await BoardStates(first, "PO2602")).Keys);
            // A later change, saved while the removal still has not reached the store, must not forget it is owed.
            await first.Http.Fire(id, new { trigger = "RecordSignal", signal = "Zorg", parentsInformed = true });
            await first.KillAsync();
        }
        await db.AcceptWrites("board_card");

        await using var second = await ServerProcess.StartAsync(new(db.ConnectionString));
        var cards = await Eventually(() => BoardStates(second, "PO2602"), c => !c.ContainsKey(id));
        Assert.DoesNotContain(id, cards.Keys);
    }

    [Fact]
    public async Task The_hand_over_sweep_goes_on_past_cases_that_cannot_activate()
    {
        await using var db = await TestDatabase.CreateAsync();
        string good;
        var broken = new List<string>();
        await using (var first = await ServerProcess.StartAsync(new(db.ConnectionString)))
        {
            await first.Http.ImportDemoRegistry();
            for (var i = 0; i < 10; i++) broken.Add(await first.Http.OpenCase(Cases.OneVerband()));
            await db.RefuseWrites("board_card");
            good = await first.Http.OpenCase(Cases.OneVerband());
            await first.KillAsync();
        }
        // Ten records no host can read any more, changed in the same window as the one whose card the board lost.
        await db.Scalar<int>($"""
            UPDATE orleans_grain_state SET payload = convert_to('not json', 'UTF8')
            WHERE convert_from(payload, 'UTF8')::jsonb->>'id' IN ({string.Join(", ", broken.Select(b => $"'{b}'"))});
            SELECT 1
            """);
        await db.AcceptWrites("board_card");

        await using var second = await ServerProcess.StartAsync(new(db.ConnectionString));
        var cards = await Eventually(() => BoardStates(second), c => c.ContainsKey(good));
        Assert.Contains(good, cards.Keys);
    }

    [Fact]
    public async Task A_case_whose_hand_over_failed_is_tried_again_by_another_host_after_the_sweeps_moved_on()
    {
        await using var db = await TestDatabase.CreateAsync();
        // Clocks that check hourly: a clock reminder would activate the case, which hands its events over by itself.
        var sweepOften = new Dictionary<string, string>
        {
            ["Coordination__Webhooks__HandOverSweepEvery"] = "00:00:00.500",
            ["Coordination__Clocks__CheckPeriod"] = "01:00:00",
        };
        string id;
        await using (var first = await ServerProcess.StartAsync(new(db.ConnectionString, Environment: sweepOften)))
        {
            await first.Http.ImportDemoRegistry();
            await first.Http.PostOk("/api/v1/webhooks", new { callbackUrl = "http://127.0.0.1:9/hook", channels = new[] { "cases" }, verband = "PO2601" });
            id = await first.Http.OpenCase(Cases.OneVerband());
            await db.RefuseWrites("webhook_outbox", "INSERT", when: $"NEW.case_id = '{id}'");
            await first.Http.Fire(id, new { trigger = "StartIntake", reason = "intake gepland" });
            // The host's sweeps try the case, fail, and keep it to try again.
            await Eventually(() => db.Scalar<long>($"SELECT count(*) FROM handover_retry WHERE case_id = '{id}'"), n => n == 1);
            await first.KillAsync();
        }
        // As if the change was an hour ago and sweeps went on since: each sweep looks back only a minute before the
        // previous one began.
        await db.Scalar<int>($"UPDATE case_event SET recorded_at = recorded_at - interval '1 hour' WHERE case_id = '{id}'; SELECT 1");
        await db.Scalar<int>("UPDATE handover_sweep SET swept_until = now(); SELECT 1");
        await db.AcceptWrites("webhook_outbox");

        // Nothing on this host reads the case: only its sweep can hand the StartIntake event over.
        await using var second = await ServerProcess.StartAsync(new(db.ConnectionString, Environment: sweepOften));
        var handedOver = await Eventually(() => db.Scalar<long>($"SELECT count(*) FROM webhook_outbox WHERE case_id = '{id}' AND case_event = 2"), n => n == 1);
        Assert.Equal(1, handedOver);
        Assert.Equal(0, await Eventually(() => db.Scalar<long>($"SELECT count(*) FROM handover_retry WHERE case_id = '{id}'"), n => n == 0));
    }

    [Fact]
    public async Task An_acknowledged_change_survives_a_crash()
    {
        await using var db = await TestDatabase.CreateAsync();
        string caseId;
        await using (var first = await ServerProcess.StartAsync(new(db.ConnectionString)))
        {
            await first.Http.ImportDemoRegistry();
            caseId = await first.Http.OpenCase(Cases.OneVerband());
            await first.KillAsync();
        }

        await using var second = await ServerProcess.StartAsync(new(db.ConnectionString));
        var (status, body) = await second.Http.Get($"/api/v1/cases/{caseId}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Aangemeld", (string)body!["state"]!);
    }

    /// <summary>The state of each case on a verband's board, as that verband reads it.</summary>
    private static async Task<Dictionary<string, string>> BoardStates(ServerProcess server, string verband = "PO2601") =>
        (await server.Http.GetOk($"/api/v1/verbanden/{verband}/cases", verband))["cases"]!.AsArray()
            .ToDictionary(c => (string)c!["id"]!, c => (string)c!["state"]!);

    /// <summary>Reads until the condition holds or 10 s passed; returns the last read.</summary>
    private static async Task<T> Eventually<T>(Func<Task<T>> read, Func<T, bool> condition)
    {
        var value = await read();
        for (var deadline = DateTime.UtcNow.AddSeconds(10); !condition(value) && DateTime.UtcNow < deadline; value = await read())
            await Task.Delay(200);
        return value;
    }
}
