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

    public ConcurrentDictionary<string, HubConnectionContext> Connections { get; } = new();

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
