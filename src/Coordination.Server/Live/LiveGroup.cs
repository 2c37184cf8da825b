using System.Collections.Concurrent;
using Coordination.Contracts;
using Microsoft.AspNetCore.SignalR;

namespace Coordination.Server.Live;

/// <summary>One live group on this host: the connections that watch it, and the updates waiting to be written to them.</summary>
public sealed class LiveGroup(string name)
{
    private readonly Lock _gate = new();
    private List<LiveMessage> _waiting = [];
    private bool _writing;

    public string Name => name;

    private readonly ConcurrentDictionary<string, HubConnectionContext> _connections = new();

    /// <summary>The connections now: safe to go through while others join and leave (each is seen or not).</summary>
    public IEnumerable<HubConnectionContext> Connections => _connections.Select(c => c.Value);

    /// <summary>Only <see cref="LocalGroups"/> changes who is in a group, under its lock.</summary>
    internal void Add(HubConnectionContext connection) => _connections[connection.ConnectionId] = connection;

    /// <summary>Takes a connection out; true when the group is empty now.</summary>
    internal bool Remove(string connectionId) => _connections.TryRemove(connectionId, out _) && _connections.IsEmpty;

    /// <summary>Adds an update; true when no write is under way for this group, so the caller must start one.</summary>
    public bool Enqueue(LiveMessage message)
    {
        lock (_gate)
        {
            _waiting.Add(message);
            if (_writing) return false;
            return _writing = true;
        }
    }

    /// <summary>
    /// The updates waiting, oldest first. When there are none, the write is over: the next <see cref="Enqueue"/>
    /// starts another.
    /// </summary>
    public IReadOnlyList<LiveMessage> TakeWaiting()
    {
        lock (_gate)
        {
            var waiting = _waiting;
            if (waiting.Count == 0) _writing = false;
            else _waiting = [];
            return waiting;
        }
    }
}
