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
    public static IReadOnlyList<string> Of<TState, TTrigger>(StateMachine<TState, TTrigger> machine) where TTrigger : struct, Enum =>
        Enum.GetValues<TTrigger>().Where(t => machine.CanFire(t)).Select(t => t.ToString()).Order().ToList();
}
