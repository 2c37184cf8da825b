using Coordination.Contracts;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace Coordination.Server.Live;

/// <summary>
/// Writes live updates to the connections of this host. A group's updates go out in order, one write at a time; the
/// updates that arrive while a write is under way go out together in the next, as one write per connection. With a
/// thousand people on one board, a burst of transitions would otherwise cost a WebSocket frame, a socket send and a
/// wake-up of the client per person per update, and updates queue (docs/benchmarks.md, W2). Each update is still its
/// own SignalR message, so clients see no difference.
/// </summary>
public sealed class GroupFanOut(LocalGroups groups, IHubProtocolResolver protocols, ILogger<GroupFanOut> logger)
{
    /// <summary>How long a group waits for a connection to take its updates before dropping it.</summary>
    public TimeSpan SlowReaderLimit { get; init; } = TimeSpan.FromSeconds(10);

    public void Send(LiveMessage message)
    {
        if (groups.Find(message.Group) is { } group && group.Enqueue(message)) Schedule(group);
    }

    // At the back of the thread pool's queue, behind the sends the previous write set going: whatever arrives until
    // then joins this write. On a quiet host that is a moment; on a busy one, as long as the sends take.
    private void Schedule(LiveGroup group) =>
        ThreadPool.UnsafeQueueUserWorkItem(static s => _ = s.Self.WriteWaiting(s.Group), (Self: this, Group: group), preferLocal: false);

    private async Task WriteWaiting(LiveGroup group)
    {
        var updates = group.TakeWaiting();
        if (updates.Count == 0) return;
        try { await Write(group, Serialize(updates)); }
        catch (Exception e) { logger.LogWarning(e, "Writing {Count} live update(s) of {Group} failed", updates.Count, group.Name); }
        // Always: until the queue is found empty the group counts as being written, and nothing would start it again.
        finally { Schedule(group); }
    }

    private async Task Write(LiveGroup group, SerializedHubMessage message)
    {
        List<(HubConnectionContext Connection, Task Write)>? slow = null;
        foreach (var connection in group.Connections)
        {
            try
            {
                var write = connection.WriteAsync(message);
                if (!write.IsCompletedSuccessfully) (slow ??= []).Add((connection, write.AsTask()));
            }
            catch (Exception e) { logger.LogWarning(e, "Writing to live connection {ConnectionId} failed", connection.ConnectionId); }
        }
        if (slow is null) return;
        // The group's next write waits for a connection whose client reads slowly (the updates gather meanwhile), as
        // the order of its updates requires; one that takes longer than SlowReaderLimit is dropped, so that one client
        // cannot stop a board for everyone.
        try { await Task.WhenAll(slow.Select(s => s.Write)).WaitAsync(SlowReaderLimit); }
        catch (Exception) { } // a write that failed ended its own connection; SignalR closes it
        foreach (var (connection, _) in slow.Where(s => !s.Write.IsCompleted)) Drop(connection, group);
    }

    /// <summary>
    /// Cuts the connection underneath SignalR, as a network that failed would: the transport stops at once, so its
    /// client sees the connection lost and reconnects (and reads the snapshot again). <see cref="HubConnectionContext.Abort"/>
    /// alone would leave the transport up to deliver a close message that tells the client not to reconnect.
    /// </summary>
    private void Drop(HubConnectionContext connection, LiveGroup group)
    {
        logger.LogWarning("Dropping live connection {ConnectionId}: it took more than {Limit} to read the updates of {Group}",
            connection.ConnectionId, SlowReaderLimit, group.Name);
        if (connection.Features.Get<IConnectionLifetimeFeature>() is { } lifetime) lifetime.Abort();
        else connection.Abort();
    }

    /// <summary>
    /// Several updates as one piece of bytes per protocol: SignalR's protocols frame each message themselves (JSON ends
    /// each with a record separator, MessagePack puts its length first), so messages written back to back are read
    /// one by one.
    /// </summary>
    private SerializedHubMessage Serialize(IReadOnlyList<LiveMessage> updates)
    {
        if (updates.Count == 1) return new SerializedHubMessage(Invocation(updates[0]));
        var invocations = updates.Select(Invocation).ToList();
        return new SerializedHubMessage(protocols.AllProtocols
            .Select(protocol => new SerializedMessage(protocol.Name, Concatenate(invocations.Select(protocol.GetMessageBytes).ToList())))
            .ToList());
    }

    private static InvocationMessage Invocation(LiveMessage m) =>
        new(m.Kind, [new LiveEnvelope(m.Group, m.From, m.Version, new RawJson(m.PayloadJson))]);

    private static byte[] Concatenate(List<ReadOnlyMemory<byte>> parts)
    {
        var bytes = new byte[parts.Sum(p => p.Length)];
        var at = 0;
        foreach (var part in parts)
        {
            part.Span.CopyTo(bytes.AsSpan(at));
            at += part.Length;
        }
        return bytes;
    }
}
