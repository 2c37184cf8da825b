using System.Collections.Concurrent;
using Coordination.Domain.Cases;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Coordination.Grains;

/// <summary>
/// A case's history, event by event, apart from the case record: a change appends its events instead of rewriting
/// every event the case ever had, and an idle case holds none in memory (W1 and W3 in docs/benchmarks.md). Events are
/// appended after their change is saved (see CaseGrain.Commit). The host supplies the PostgreSQL one; grain tests keep
/// events in memory.
/// </summary>
public interface ICaseEventLog
{
    /// <summary>
    /// Saves events of changes already saved in their case record. An event with the same sequence may be here
    /// already (appended before, or left by an older version of this program from a change whose record write
    /// failed): it is replaced, since the record's is the one that was saved.
    /// </summary>
    Task Append(string caseId, IReadOnlyList<CaseEvent> events);

    /// <summary>The events with <paramref name="after"/> &lt; sequence ≤ <paramref name="upTo"/>, oldest first.</summary>
    Task<IReadOnlyList<CaseEvent>> Read(string caseId, long after, long upTo);
}

public sealed class MemoryCaseEventLog : ICaseEventLog
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<long, CaseEvent>> _cases = new();

    public Task Append(string caseId, IReadOnlyList<CaseEvent> events)
    {
        var log = _cases.GetOrAdd(caseId, _ => new());
        foreach (var e in events) log[e.Sequence] = e;
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<CaseEvent>> Read(string caseId, long after, long upTo) =>
        Task.FromResult<IReadOnlyList<CaseEvent>>(_cases.TryGetValue(caseId, out var log)
            ? log.Values.Where(e => e.Sequence > after && e.Sequence <= upTo).OrderBy(e => e.Sequence).ToList()
            : []);

    public static void AddDefault(IServiceCollection services) => services.TryAddSingleton<ICaseEventLog, MemoryCaseEventLog>();
}
