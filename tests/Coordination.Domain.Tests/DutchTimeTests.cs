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

    [Theory]
    [InlineData("2026-12-23", 5, "2026-12-31")] // both Christmas days: the 25th is a Friday, the 26th a Saturday
    [InlineData("2026-04-24", 1, "2026-04-28")] // Koningsdag, Monday 27 April
    [InlineData("2026-05-13", 1, "2026-05-15")] // Hemelvaartsdag, Thursday 14 May
    [InlineData("2026-05-22", 1, "2026-05-26")] // tweede Pinksterdag, Monday 25 May
    [InlineData("2026-04-03", 1, "2026-04-07")] // tweede Paasdag, Monday 6 April
    [InlineData("2026-05-04", 1, "2026-05-06")] // 5 May
    [InlineData("2026-12-31", 1, "2027-01-04")] // Nieuwjaarsdag, then the weekend
    public void Working_days_skip_the_holidays_of_the_Algemene_termijnenwet(string from, int days, string expected) =>
        Assert.Equal(DateOnly.Parse(expected), DutchTime.AddWorkingDays(DateOnly.Parse(from), days));

    [Theory]
    [InlineData(2024, "2024-03-31")]
    [InlineData(2025, "2025-04-20")]
    [InlineData(2026, "2026-04-05")]
    [InlineData(2027, "2027-03-28")]
    [InlineData(2038, "2038-04-25")]
    public void Easter_falls_where_the_calendar_has_it(int year, string expected) =>
        Assert.Equal(DateOnly.Parse(expected), PublicHolidays.EasterSunday(year));

    [Theory]
    [InlineData(2025, "2025-04-26")] // the 27th is a Sunday
    [InlineData(2026, "2026-04-27")]
    public void Koningsdag_moves_to_the_26th_when_the_27th_is_a_Sunday(int year, string expected) =>
        Assert.Equal(DateOnly.Parse(expected), PublicHolidays.KingsDay(year));
}
