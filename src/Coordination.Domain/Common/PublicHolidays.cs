namespace Coordination.Domain.Common;

/// <summary>
/// The generally recognised holidays of the Algemene termijnenwet (art. 3): Nieuwjaarsdag, the second days of
/// Easter and Pentecost, Hemelvaartsdag, both Christmas days, Koningsdag and 5 May. A term in working days skips
/// them as it skips the weekend.
/// </summary>
public static class PublicHolidays
{
    public static bool Contains(DateOnly day)
    {
        var easter = EasterSunday(day.Year);
        return (day.Month, day.Day) is (1, 1) or (5, 5) or (12, 25) or (12, 26)
            || day == KingsDay(day.Year)
            || day == easter.AddDays(1)   // tweede Paasdag
            || day == easter.AddDays(39)  // Hemelvaartsdag
            || day == easter.AddDays(50); // tweede Pinksterdag
    }

    /// <summary>27 April, or the 26th when the 27th is a Sunday.</summary>
    public static DateOnly KingsDay(int year)
    {
        var day = new DateOnly(year, 4, 27);
        return day.DayOfWeek == DayOfWeek.Sunday ? day.AddDays(-1) : day;
    }

    /// <summary>Western Easter in the Gregorian calendar (the anonymous Gregorian computus).</summary>
    public static DateOnly EasterSunday(int year)
    {
        int a = year % 19, b = year / 100, c = year % 100, d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3;
        int h = (19 * a + b - d - g + 15) % 30, i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7, m = (a + 11 * h + 22 * l) / 451;
        int month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1;
        return new DateOnly(year, month, day);
    }
}
