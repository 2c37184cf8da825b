using Stateless;

namespace Coordination.Domain.Common;

/// <summary>
/// The triggers a machine accepts now, asked one by one with <c>CanFire</c>. Stateless' own
/// <c>PermittedTriggers</c> runs <c>Task.Run(...).GetAwaiter().GetResult()</c>: it parks the calling thread until a
/// thread-pool thread answers. Inside a grain under 64 writers that starved the pool and stalled the whole process
/// for seconds (W1 in docs/benchmarks.md); <c>CanFire</c> runs the guards on the caller's thread.
/// </summary>
public static class PermittedTriggers
{
    public static IReadOnlyList<string> Of<TState, TTrigger>(StateMachine<TState, TTrigger> machine) where TTrigger : struct, Enum
    {
        var permitted = new List<string>();
        foreach (var (trigger, name) in ByName<TTrigger>.All)
            if (machine.CanFire(trigger)) permitted.Add(name);
        return permitted;
    }

    /// <summary>Every trigger with its name, in name order: named and sorted once, not on every case view.</summary>
    private static class ByName<TTrigger> where TTrigger : struct, Enum
    {
        public static readonly (TTrigger Trigger, string Name)[] All =
            [.. Enum.GetValues<TTrigger>().Select(t => (t, t.ToString())).OrderBy(t => t.Item2, StringComparer.Ordinal)];
    }
}
