using Coordination.Domain.Cases;
using Coordination.Domain.Common;
using static Coordination.Domain.Tests.TestRegistry;

namespace Coordination.Domain.Tests;

/// <summary>Legal days are Europe/Amsterdam calendar days, whatever the server's clock zone.</summary>
public class DutchTimeTests
{
    [Fact]
    public void Half_past_eleven_UTC_in_summer_is_already_the_next_Dutch_day()
    {
        Assert.Equal(new DateOnly(2025, 7, 15), DutchTime.Today(new DateTimeOffset(2025, 7, 14, 23, 30, 0, TimeSpan.Zero)));
        Assert.Equal(new DateOnly(2025, 7, 14), DutchTime.Today(new DateTimeOffset(2025, 7, 14, 21, 59, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void In_winter_the_Dutch_day_starts_at_23_UTC()
    {
        Assert.Equal(new DateOnly(2025, 1, 15), DutchTime.Today(new DateTimeOffset(2025, 1, 14, 23, 0, 0, TimeSpan.Zero)));
        Assert.Equal(new DateOnly(2025, 1, 14), DutchTime.Today(new DateTimeOffset(2025, 1, 14, 22, 59, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void The_start_of_a_Dutch_day_is_midnight_in_Amsterdam()
    {
        Assert.Equal(new DateTimeOffset(2025, 7, 14, 22, 0, 0, TimeSpan.Zero), DutchTime.StartOf(new DateOnly(2025, 7, 15)));
        Assert.Equal(new DateTimeOffset(2025, 1, 14, 23, 0, 0, TimeSpan.Zero), DutchTime.StartOf(new DateOnly(2025, 1, 15)));
    }

    [Fact]
    public void A_warning_due_on_a_summer_day_fires_at_23_30_UTC_the_evening_before()
    {
        // Received 10 June: deadline 22 July, warning from 15 July.
        var c = new CaseRecord { Zorgplicht = new ZorgplichtClock(BaoA, new DateOnly(2025, 6, 10), 6, 4) };
        var wf = new CaseWorkflow(c);

        Assert.Empty(wf.AdvanceClocks(new DateTimeOffset(2025, 7, 14, 21, 59, 0, TimeSpan.Zero)));
        Assert.Equal([CaseClocks.ZorgplichtWarning], wf.AdvanceClocks(new DateTimeOffset(2025, 7, 14, 23, 30, 0, TimeSpan.Zero)).Select(e => e.What));
    }

    [Fact]
    public void Working_days_skip_weekends()
    {
        Assert.Equal(new DateOnly(2025, 3, 17), DutchTime.AddWorkingDays(new DateOnly(2025, 3, 10), 5));
        Assert.Equal(new DateOnly(2025, 3, 17), DutchTime.AddWorkingDays(new DateOnly(2025, 3, 14), 1));
    }
}
