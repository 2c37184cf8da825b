using Coordination.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Coordination.Server.Tests.Live;

/// <summary>The live protocol with a real .NET SignalR client against the real server.</summary>
[Collection(ServerCollection.Name)]
public sealed class LiveUpdateTests(ServerFixture fixture)
{
    private HttpClient Http => fixture.Http;
    private int Port => fixture.Server!.HttpPort;

    [Fact]
    public async Task Case_room_updates_arrive_in_version_order_and_a_gap_is_resynced_from_the_snapshot()
    {
        var id = await Http.OpenCase(Cases.OneVerband());
        await using var live = await LiveClient.ConnectAsync(Port, "Anne", "PO2601");
        await live.Connection.InvokeAsync<object>("JoinCase", id);
        var follower = new CaseFollower(Http, id);
        await follower.SnapshotAsync();

        await Http.Fire(id, new { trigger = "StartIntake" });
        await Http.Fire(id, new { trigger = "RequestTlv", schoolType = "SBO" });
        await Http.Fire(id, new { trigger = "RecordExpertAdvice", expert = "Drs. A", discipline = "psycholoog" });
        for (var i = 0; i < 3; i++) await follower.ReceiveAsync(live.Next("case"));

        Assert.Equal(3, follower.Applied);
        Assert.Equal(1, follower.Resyncs);
        Assert.Equal(["Application", "StartIntake", "RequestTlv", "RecordExpertAdvice"], follower.Events);
        Assert.Equal((long)(await Http.GetOk($"/api/v1/cases/{id}"))["version"]!, follower.Version);

        // The connection drops; a change happens meanwhile; the client comes back.
        await live.Connection.StopAsync();
        await Http.Fire(id, new { trigger = "RecordExpertAdvice", expert = "Dr. B", discipline = "arts" });
        await live.Connection.StartAsync();
        await live.Connection.InvokeAsync<object>("JoinCase", id);
        await Http.Fire(id, new { trigger = "GrantTlv", schoolType = "SBO", issuedBy = "PO2601", startDate = ApiClient.Today(), endDate = ApiClient.Today(400) });

        await follower.ReceiveAsync(live.Next("case"));

        Assert.Equal(2, follower.Resyncs);
        var now = await Http.GetOk($"/api/v1/cases/{id}");
        Assert.Equal((long)now["version"]!, follower.Version);
        Assert.Equal("TlvToegekend", follower.State);
        Assert.Contains("RecordExpertAdvice", follower.Events.Skip(4));
    }

    [Fact]
    public async Task An_open_case_room_stays_live_long_after_the_lease_it_was_given_when_joined()
    {
        var id = await Http.OpenCase(Cases.OneVerband());
        await using var live = await LiveClient.ConnectAsync(Port, "Anne", "PO2601");
        await live.Connection.InvokeAsync<object>("JoinCase", id);

        // silo-config/test.json gives a room 2 s; only the host's renewals keep it live this long.
        await Task.Delay(TimeSpan.FromSeconds(7));
        await Http.Fire(id, new { trigger = "StartIntake" });

        var update = live.Next("case");
        Assert.Equal((long)(await Http.GetOk($"/api/v1/cases/{id}"))["version"]!, update.Version);
    }

    [Fact]
    public async Task A_verband_board_gets_numbered_updates_when_its_cases_change()
    {
        await using var live = await LiveClient.ConnectAsync(Port, "Bram", "PO2602");
        await live.Connection.InvokeAsync("WatchVerband", "PO2602");
        var before = (long)(await Http.GetOk("/api/v1/verbanden/PO2602/cases", "PO2602"))["sequence"]!;

        var id = await Http.OpenCase(Cases.LivesInEemlandSchoolInUtrecht());

        var first = live.Next("board");
        Assert.Equal(before, first.From);
        Assert.Equal(before + 1, first.Version);
        var updates = new List<LiveUpdate> { first };
        while (live.Updates.TryTake(out var more, TimeSpan.FromMilliseconds(500))) if (more.Kind == "board") updates.Add(more);
        Assert.All(updates.Zip(updates.Skip(1)), p => Assert.Equal(p.First.Version, p.Second.From));
        Assert.Contains(updates, u => u.Payload.GetRawText().Contains(id));
        Assert.Equal(updates[^1].Version, (long)(await Http.GetOk("/api/v1/verbanden/PO2602/cases", "PO2602"))["sequence"]!);
    }

    [Fact]
    public async Task A_burst_of_changes_reaches_every_watcher_of_a_board_complete_and_in_order()
    {
        // Each update must come through on its own and in order: on a gap every watcher reads the whole board again.
        // Run alone, this burst is the first traffic of a new silo: when a notifier grain still stood between the board
        // and the hosts, one update overtook the rest in 2 of 6 such runs until hosts activated it as they started.
        await using var anne = await LiveClient.ConnectAsync(Port, "Anne", "PO2602");
        await using var bram = await LiveClient.ConnectAsync(Port, "Bram", "PO2602");
        foreach (var live in new[] { anne, bram }) await live.Connection.InvokeAsync("WatchVerband", "PO2602");
        var before = (long)(await Http.GetOk("/api/v1/verbanden/PO2602/cases", "PO2602"))["sequence"]!;

        var ids = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Http.OpenCase(Cases.LivesInEemlandSchoolInUtrecht())));

        foreach (var live in new[] { anne, bram })
        {
            var updates = new List<LiveUpdate>();
            while (!ids.All(id => updates.Any(u => u.Payload.GetRawText().Contains(id))))
                if (live.Next("board") is { } update && update.Version > before) updates.Add(update);
            Assert.Equal(before, updates[0].From);
            Assert.All(updates.Zip(updates.Skip(1)), p => Assert.Equal(p.First.Version, p.Second.From));
        }
    }

    [Fact]
    public async Task A_board_watcher_still_gets_updates_after_another_watcher_of_that_board_left()
    {
        await using var staying = await LiveClient.ConnectAsync(Port, "Bram", "PO2602");
        await staying.Connection.InvokeAsync("WatchVerband", "PO2602");
        await using (var leaving = await LiveClient.ConnectAsync(Port, "Carla", "PO2602"))
        {
            await leaving.Connection.InvokeAsync("WatchVerband", "PO2602");
            await leaving.Connection.InvokeAsync("WatchVerband", "PO2602");
        }

        var id = await Http.OpenCase(Cases.LivesInEemlandSchoolInUtrecht());

        var update = staying.Next("board");
        while (!update.Payload.GetRawText().Contains(id)) update = staying.Next("board");
    }

    [Fact]
    public async Task Presence_shows_who_has_the_case_open()
    {
        var id = await Http.OpenCase(Cases.LivesInEemlandSchoolInUtrecht());
        await using var anne = await LiveClient.ConnectAsync(Port, "Anne de Wit", "PO2601");
        await anne.Connection.InvokeAsync<object>("JoinCase", id);
        await using var bram = await LiveClient.ConnectAsync(Port, "Bram Kok", "PO2602");

        await bram.Connection.InvokeAsync<object>("JoinCase", id);
        var both = anne.Next("presence");
        while (both.Payload.GetArrayLength() < 2) both = anne.Next("presence");
        Assert.Equal(["Anne de Wit", "Bram Kok"], both.Payload.EnumerateArray().Select(v => v.GetProperty("name").GetString()));

        await bram.Connection.StopAsync();
        var one = anne.Next("presence");
        Assert.Equal(["Anne de Wit"], one.Payload.EnumerateArray().Select(v => v.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Subscriptions_are_checked_against_what_the_caller_may_see()
    {
        var id = await Http.OpenCase(Cases.OneVerband());
        await using var outsider = await LiveClient.ConnectAsync(Port, "Chris", "PO2603");

        var board = await Assert.ThrowsAsync<HubException>(() => outsider.Connection.InvokeAsync("WatchVerband", "PO2601"));
        var room = await Assert.ThrowsAsync<HubException>(() => outsider.Connection.InvokeAsync<object>("JoinCase", id));

        Assert.Contains("may not watch", board.Message);
        Assert.Contains("no case", room.Message);
    }
}
