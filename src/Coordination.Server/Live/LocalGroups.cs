using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

namespace Coordination.Server.Live;

/// <summary>
/// SignalR's in-memory bookkeeping of the board hub's connections, which also keeps this host's live groups with
/// their connections at hand: an update for a group nobody here watches (most case rooms, and every board while nobody
/// has it open) is dropped before a message is built for it, and the rest are written by <see cref="GroupFanOut"/>.
/// </summary>
public sealed class LocalGroups(ILogger<DefaultHubLifetimeManager<BoardHub>> logger) : DefaultHubLifetimeManager<BoardHub>(logger)
{
    private sealed record Member(HubConnectionContext Connection, HashSet<string> Groups);

    private readonly Dictionary<string, Member> _members = [];
    private readonly ConcurrentDictionary<string, LiveGroup> _groups = new();
    // Joins, leaves and disconnects change both maps together; sending reads only the groups, without the lock.
    private readonly Lock _gate = new();

    /// <summary>The group with this host's connections in it; null when none of them watches it.</summary>
    public LiveGroup? Find(string group) => _groups.GetValueOrDefault(group);

    /// <summary>The groups someone on this host watches now.</summary>
    public IEnumerable<string> Watched => _groups.Keys;

    public override Task OnConnectedAsync(HubConnectionContext connection)
    {
        lock (_gate) _members[connection.ConnectionId] = new Member(connection, []);
        return base.OnConnectedAsync(connection);
    }

    public override Task OnDisconnectedAsync(HubConnectionContext connection)
    {
        lock (_gate)
        {
            if (_members.Remove(connection.ConnectionId, out var member))
                foreach (var group in member.Groups) Remove(group, connection.ConnectionId);
        }
        return base.OnDisconnectedAsync(connection);
    }

    /// <summary>A connection that is already gone is not added: a hub call may still run after its disconnect.</summary>
    public override Task AddToGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_members.TryGetValue(connectionId, out var member) && member.Groups.Add(groupName))
            {
                if (!_groups.TryGetValue(groupName, out var group)) _groups[groupName] = group = new LiveGroup(groupName);
                group.Add(member.Connection);
            }
        }
        return base.AddToGroupAsync(connectionId, groupName, cancellationToken);
    }

    public override Task RemoveFromGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_members.TryGetValue(connectionId, out var member) && member.Groups.Remove(groupName)) Remove(groupName, connectionId);
        }
        return base.RemoveFromGroupAsync(connectionId, groupName, cancellationToken);
    }

    private void Remove(string groupName, string connectionId)
    {
        if (!_groups.TryGetValue(groupName, out var group)) return;
        if (group.Remove(connectionId)) _groups.TryRemove(groupName, out _);
    }
}
