using Coordination.Contracts;

namespace Coordination.Server.Tests.Live;

/// <summary>
/// How a host writes live updates: in order per group, and those that arrive while a write is under way together in
/// the next, one write per connection, each update still its own SignalR message.
/// </summary>
public sealed class GroupFanOutTests
{
    private const string Board = "verband:PO2601";

    [Fact]
    public async Task Updates_that_arrive_during_a_write_go_out_together_in_the_next()
    {
        var (groups, fanOut) = RecordingConnection.Host();
        RecordingConnection anne = new("anne"), bram = new("bram");
        foreach (var connection in new[] { anne, bram })
        {
            await groups.OnConnectedAsync(connection);
            await groups.AddToGroupAsync(connection.ConnectionId, Board);
        }

        anne.HoldNextWrite(); // anne reads slowly
        fanOut.Send(Update(1));
        await Until(() => anne.Writes.Count == 1 && bram.Writes.Count == 1);
        fanOut.Send(Update(2));
        fanOut.Send(Update(3));
        fanOut.Send(Update(4));
        await Task.Delay(200);
        Assert.Equal(1, bram.Writes.Count); // the group waits for its slowest reader, as SignalR's own group send does

        anne.Release();
        await Until(() => anne.Writes.Count == 2 && bram.Writes.Count == 2);

        foreach (var connection in new[] { anne, bram })
        {
            Assert.Equal([1L], Versions(connection.Writes[0]));
            Assert.Equal([2L, 3L, 4L], Versions(connection.Writes[1]));
        }
        var second = RecordingConnection.Messages(anne.Writes[1]);
        Assert.All(second, m => Assert.Equal("board", (string?)m["target"]));
        Assert.All(second, m => Assert.Equal(Board, (string?)m["arguments"]![0]!["group"]));
        Assert.Equal("PO2601-3", (string?)second[1]["arguments"]![0]!["payload"]!["id"]);
    }

    [Fact]
    public async Task A_connection_gets_only_the_updates_of_the_groups_it_watches()
    {
        var (groups, fanOut) = RecordingConnection.Host();
        var anne = new RecordingConnection("anne");
        await groups.OnConnectedAsync(anne);
        await groups.AddToGroupAsync("anne", "case:c1");

        fanOut.Send(Update(1));
        fanOut.Send(LiveMessage.Of("case:c1", "case", 0, 1, new { id = "c1" }));

        await Until(() => anne.Writes.Count == 1);
        Assert.Equal("case:c1", (string?)RecordingConnection.Messages(anne.Writes[0]).Single()["arguments"]![0]!["group"]);
    }

    private static LiveMessage Update(long version) => LiveMessage.Of(Board, "board", version - 1, version, new { id = $"PO2601-{version}" });

    private static List<long> Versions(byte[] write) =>
        RecordingConnection.Messages(write).Select(m => (long)m["arguments"]![0]!["version"]!).ToList();

    private static async Task Until(Func<bool> condition)
    {
        for (var waited = 0; !condition(); waited += 10)
        {
            if (waited > 5000) throw new TimeoutException("the writes did not come");
            await Task.Delay(10);
        }
    }
}
