using System.Collections.Concurrent;

namespace Coordination.Server.Live;

/// <summary>
/// Which live groups have a connection on this host. An update for a group nobody here watches (most case rooms, and
/// every board while nobody has it open) is dropped before SignalR builds a message for it.
/// </summary>
public sealed class LocalGroups
{
    private readonly ConcurrentDictionary<string, int> _connections = new();
    private readonly Lock _gate = new();

    public bool AnyIn(string group) => _connections.ContainsKey(group);

    /// <summary>The groups someone on this host watches now.</summary>
    public IEnumerable<string> Watched => _connections.Keys;

    /// <summary>Counts a connection into a group; call before SignalR adds it, so no update is dropped in between.</summary>
    public void Join(ISet<string> groupsOfConnection, string group)
    {
        lock (_gate)
            if (groupsOfConnection.Add(group)) _connections.AddOrUpdate(group, 1, (_, n) => n + 1);
    }

    /// <summary>Counts a connection out of a group; call after SignalR removed it.</summary>
    public void Leave(ISet<string> groupsOfConnection, string group)
    {
        lock (_gate)
        {
            if (!groupsOfConnection.Remove(group)) return;
            if (_connections[group] == 1) _connections.TryRemove(group, out _);
            else _connections[group]--;
        }
    }

    public void LeaveAll(ISet<string> groupsOfConnection)
    {
        lock (_gate)
            foreach (var group in groupsOfConnection.ToList()) Leave(groupsOfConnection, group);
    }
}
