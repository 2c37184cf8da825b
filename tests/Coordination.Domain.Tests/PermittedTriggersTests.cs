using Coordination.Domain.Common;
using Stateless;

namespace Coordination.Domain.Tests;

public class PermittedTriggersTests
{
    private enum Light { Off, On }
    private enum Switch { Press, Dim, Unplug }

    private static StateMachine<Light, Switch> Lamp(Func<bool> dimmable, Action<int> guardRanOn)
    {
        var state = Light.On;
        var machine = new StateMachine<Light, Switch>(() => state, s => state = s);
        machine.Configure(Light.On)
            .Permit(Switch.Press, Light.Off)
            .PermitReentryIf(Switch.Dim, () => { guardRanOn(Environment.CurrentManagedThreadId); return dimmable(); }, "a dimmable lamp");
        machine.Configure(Light.Off).Permit(Switch.Press, Light.On);
        return machine;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Lists_what_stateless_lists_guards_included(bool dimmable)
    {
        var machine = Lamp(() => dimmable, _ => { });

        Assert.Equal(machine.PermittedTriggers.Select(t => t.ToString()).Order(StringComparer.Ordinal), PermittedTriggers.Of(machine));
    }

    [Fact]
    public void Runs_the_guards_on_the_callers_thread_so_a_grain_never_waits_for_the_thread_pool()
    {
        // Stateless' own PermittedTriggers hands the guards to Task.Run and blocks until a pool thread ran them.
        var ranOn = new List<int>();
        var machine = Lamp(() => true, ranOn.Add);
        var caller = 0;
        var thread = new Thread(() => { caller = Environment.CurrentManagedThreadId; PermittedTriggers.Of(machine); });

        thread.Start();
        thread.Join();

        Assert.NotEmpty(ranOn);
        Assert.All(ranOn, id => Assert.Equal(caller, id));
    }
}
