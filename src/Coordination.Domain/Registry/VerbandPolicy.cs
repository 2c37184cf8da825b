using Coordination.Domain.Common;

namespace Coordination.Domain.Registry;

/// <summary>
/// A verband's ondersteuningsplan in numbers. The defaults are the legal and common figures of DOMAIN.md;
/// each verband sets its own within sane bounds.
/// </summary>
public sealed record VerbandPolicy
{
    /// <summary>Zorgplicht: a suitable place within this many calendar weeks of the confirmed application.</summary>
    public int ZorgplichtWeeks { get; init; } = 6;
    /// <summary>The one extension of the zorgplicht term, at most this many weeks.</summary>
    public int ZorgplichtExtensionWeeks { get; init; } = 4;
    /// <summary>A child out of school this many weeks without a place is a thuiszitter.</summary>
    public int ThuiszitterWeeks { get; init; } = 4;
    /// <summary>Working days a verband has to answer a coordination request.</summary>
    public int ResponseWorkingDays { get; init; } = 5;
    /// <summary>Working days the expertteam has before the onderwijsconsulent is involved.</summary>
    public int ExpertteamWorkingDays { get; init; } = 10;
    /// <summary>Default duration of a TLV in months (at least one year by law).</summary>
    public int DefaultTlvMonths { get; init; } = 24;

    public static readonly VerbandPolicy Default = new();

    public IEnumerable<FieldError> Validate(string prefix = "policy.")
    {
        if (ZorgplichtWeeks is < 1 or > 12) yield return new(prefix + "zorgplichtWeeks", "must be between 1 and 12 weeks (the law says 6)");
        if (ZorgplichtExtensionWeeks is < 0 or > 4) yield return new(prefix + "zorgplichtExtensionWeeks", "must be between 0 and 4 weeks (the law allows at most 4)");
        if (ThuiszitterWeeks is < 1 or > 12) yield return new(prefix + "thuiszitterWeeks", "must be between 1 and 12 weeks");
        if (ResponseWorkingDays is < 1 or > 30) yield return new(prefix + "responseWorkingDays", "must be between 1 and 30 working days");
        if (ExpertteamWorkingDays is < 1 or > 60) yield return new(prefix + "expertteamWorkingDays", "must be between 1 and 60 working days");
        if (DefaultTlvMonths is < 12 or > 120) yield return new(prefix + "defaultTlvMonths", "must be between 12 and 120 months (a TLV lasts at least one year)");
    }
}
