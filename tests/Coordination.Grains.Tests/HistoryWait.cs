using Coordination.Contracts;
using Coordination.Domain.Cases;

namespace Coordination.Grains.Tests;

public static class HistoryWait
{
    /// <summary>
    /// Reads the case history until an event appears (the clock reminder records it on its own tick) or 15 s pass;
    /// returns the history as last read, so the caller's assertion says what was there.
    /// </summary>
    public static async Task<IReadOnlyList<CaseEvent>> WaitFor(this ICaseGrain grain, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        IReadOnlyList<CaseEvent> history;
        do
        {
            history = await grain.History();
            if (history.Any(e => e.What == what)) return history;
            await Task.Delay(100);
        } while (DateTime.UtcNow < deadline);
        return history;
    }
}
