using System.Text.Json.Nodes;
using Coordination.Contracts;

namespace Coordination.Grains.Tests;

/// <summary>A host that dies cannot say its connections left: the case room lets its viewers go, and tells the room.</summary>
[Collection(ClusterCollection.Name)]
public sealed class PresenceTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_case_room_forgets_the_viewers_of_a_host_that_fell_silent_and_keeps_the_others()
    {
        var registry = fixture.Client.GetGrain<ILiveHostRegistry>(0);
        var (alive, silent) = (new RecordingHost(), new RecordingHost());
        var aliveReference = fixture.Client.CreateObjectReference<ILiveHost>(alive);
        var silentReference = fixture.Client.CreateObjectReference<ILiveHost>(silent);
        await fixture.RegisterHost("silent", silentReference);
        await fixture.RegisterHost("alive", aliveReference);
        using var stop = new CancellationTokenSource();
        var heartbeat = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested) { await registry.Register("alive", aliveReference); await Task.Delay(200); }
        });
        var caseId = Guid.NewGuid().ToString("N");
        var room = fixture.Client.GetGrain<ICasePresenceGrain>(caseId);
        await room.Join("connection-1", "alive", "Anna Smit", "PO1001");
        var joined = await room.Join("connection-2", "silent", "Bram Wit", "PO1002");
        Assert.Equal(2, joined.Count);

        // "silent" never registers again, as a host that was killed.
        IReadOnlyList<Viewer> viewers;
        var until = DateTime.UtcNow.AddSeconds(20);
        do { await Task.Delay(200); viewers = await room.Viewers(); } while (viewers.Count > 1 && DateTime.UtcNow < until);
        Assert.Equal(["Anna Smit"], viewers.Select(v => v.Name));

        // The room heard it as a presence update listing Anna alone.
        bool Told() => alive.Messages.Any(m => m.Group == LiveMessage.CaseGroup(caseId) && m.Kind == "presence"
            && JsonNode.Parse(m.PayloadJson)!.AsArray().Select(v => (string)v!["name"]!).SequenceEqual(["Anna Smit"]));
        while (!Told() && DateTime.UtcNow < until) await Task.Delay(200);
        stop.Cancel();
        await heartbeat;
        Assert.True(Told(), "the case room was told the silent host's viewer left");
        GC.KeepAlive(silent);
    }
}
