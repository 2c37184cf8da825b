using Coordination.Contracts;
using Coordination.Domain.Cases;
using Coordination.Domain.Common;
using Coordination.Server.Api;
using Coordination.Server.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Coordination.Server.Tests.Foundation;

/// <summary>Case clocks run on Orleans reminders in PostgreSQL: one registered before a restart fires after it.</summary>
public sealed class ReminderRestartTests
{
    [Fact]
    public async Task A_thuiszitter_clock_registered_before_a_restart_flags_the_child_after_it()
    {
        await using var db = await TestDatabase.CreateAsync();
        var settings = InProcessSilo.Settings(db.ConnectionString);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var caseId = Guid.NewGuid().ToString("N");
        var since = DutchTime.Today(clock.GetUtcNow()).AddDays(-7).ToString("yyyy-MM-dd");

        await using (var first = await InProcessSilo.StartAsync(settings, clock))
        {
            var csv = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "silo-config", "demo", "registry.csv"));
            await ImportEndpoints.Run(csv, first.Grains, Actor.System);
            var opened = await first.Grains.GetGrain<ICaseGrain>(caseId).Open(new NewCase
            {
                ParentsInformed = true,
                Student = new NewStudent { Name = "Noor Jansen", DateOfBirth = "2014-02-02", Municipality = "GM0344" },
                Sector = "PO",
                OutOfSchoolSince = since,
            }, new Actor("leerplichtambtenaar", "GM0344"));
            Assert.IsType<Outcome.Accepted>(opened.Outcome);
        }

        // Four weeks pass while the service is down.
        clock.Advance(TimeSpan.FromDays(30));

        await using var second = await InProcessSilo.StartAsync(settings, clock);
        var grain = second.Grains.GetGrain<ICaseGrain>(caseId);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        IReadOnlyList<CaseEvent> history = [];
        while (DateTime.UtcNow < deadline)
        {
            // Reading the history activates nothing that looks at the clock: only the reminder does.
            history = await grain.History();
            if (history.Any(e => e.What == CaseClocks.ThuiszitterFlagged)) break;
            await Task.Delay(250);
        }
        Assert.Contains(history, e => e.What == CaseClocks.ThuiszitterFlagged);
        Assert.Equal("system", history.Single(e => e.What == CaseClocks.ThuiszitterFlagged).Actor.Name);
    }
}
