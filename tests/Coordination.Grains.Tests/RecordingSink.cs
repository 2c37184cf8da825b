using System.Collections.Concurrent;
using Coordination.Domain.Cases;

namespace Coordination.Grains.Tests;

/// <summary>An event sink (webhook outbox) that records what it is handed and can refuse once, like an outbox that is down.</summary>
public sealed class RecordingSink : ICaseEventSink
{
    public ConcurrentQueue<(string CaseId, string What)> Received { get; } = new();
    public volatile bool FailNext;

    public Task Publish(string caseId, IReadOnlyList<string> concerned, IReadOnlyList<CaseEvent> events)
    {
        if (FailNext)
        {
            FailNext = false;
            throw new InvalidOperationException("the outbox is down");
        }
        foreach (var e in events) Received.Enqueue((caseId, e.What));
        return Task.CompletedTask;
    }
}
