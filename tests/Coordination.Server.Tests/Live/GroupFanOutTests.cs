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
        Assert.Equal(1, bram.Writes.Count); // the group's next write waits for its slowest reader (within a limit)

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
    public async Task A_connection_that_does_not_read_is_dropped_and_the_group_goes_on_without_it()
    {
        var (groups, fanOut) = RecordingConnection.Host(slowReaderLimit: TimeSpan.FromMilliseconds(300));
        RecordingConnection anne = new("anne"), bram = new("bram");
        foreach (var connection in new[] { anne, bram })
        {
            await groups.OnConnectedAsync(connection);
            await groups.AddToGroupAsync(connection.ConnectionId, Board);
        }

        anne.HoldNextWrite(); // and never lets it go
        fanOut.Send(Update(1));
        await Until(() => bram.Writes.Count == 1);
        fanOut.Send(Update(2));

        await Until(() => bram.Writes.Count == 2);
        Assert.True(anne.Dropped);
        Assert.False(bram.Dropped);
        Assert.Equal([2L], Versions(bram.Writes[1]));
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
        await groups.AddToGroupAsync("anne", Board);
        fanOut.Send(Update(2)); // in a group anne now watches

        // Groups are written each on their own, in either order; a wrong one would come as a third message.
        await Until(() => anne.Writes.Count == 2);
        await Task.Delay(200);
        var messages = anne.Writes.SelectMany(RecordingConnection.Messages).ToList();
        Assert.Equal(["case:c1", Board], messages.Select(m => (string?)m["arguments"]![0]!["group"]).Order());
        Assert.Equal([2L], messages.Where(m => (string?)m["arguments"]![0]!["group"] == Board).Select(m => (long)m["arguments"]![0]!["version"]!));
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
