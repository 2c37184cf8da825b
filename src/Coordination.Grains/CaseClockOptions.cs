namespace Coordination.Grains;

/// <summary>How often a case with running clocks looks at the time, at most; between checks the reminder is due at the next deadline.</summary>
public sealed class CaseClockOptions
{
    public TimeSpan CheckPeriod { get; set; } = TimeSpan.FromHours(6);
}
