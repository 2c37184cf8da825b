using System.Collections.Concurrent;
using Coordination.Contracts;

namespace Coordination.Grains.Tests;

/// <summary>A web host's end of the live fan-out that keeps every update it is pushed.</summary>
public sealed class RecordingHost : ILiveHost
{
    public ConcurrentQueue<LiveMessage> Messages { get; } = new();

    public Task Push(LiveMessage message)
    {
        Messages.Enqueue(message);
        return Task.CompletedTask;
    }
}
