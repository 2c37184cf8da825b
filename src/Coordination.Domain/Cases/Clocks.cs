using Coordination.Domain.Common;
using Coordination.Domain.Resolution;

namespace Coordination.Domain.Cases;

/// <summary>
/// Zorgplicht: the school that received the application must offer a suitable place within the term (calendar
/// weeks from the confirmed receipt), extendable once. Warned one week before; a breach is recorded.
/// </summary>
public sealed record ZorgplichtClock(
    string School,
    DateOnly ReceivedOn,
    int TermWeeks,
    int MaxExtensionWeeks,
    int ExtensionWeeks = 0,
    string? ExtensionReason = null,
    bool Warned = false,
    bool Breached = false,
    DateOnly? FulfilledOn = null)
{
    /// <summary>The last day on which the place must be offered.</summary>
    public DateOnly Deadline => ReceivedOn.AddDays(7 * (TermWeeks + ExtensionWeeks));
    public DateOnly WarnOn => Deadline.AddDays(-7);
    public bool Extended => ExtensionWeeks > 0;
    public bool Running => FulfilledOn is null;

    public int DaysLeft(DateTimeOffset now) => Deadline.DayNumber - DutchTime.Today(now).DayNumber;
}

/// <summary>Thuiszitter: a child out of school since a day; flagged after the threshold, escalation suggested.</summary>
public sealed record ThuiszitterClock(DateOnly Since, int ThresholdWeeks, bool Flagged = false, DateOnly? EndedOn = null)
{
    public DateOnly FlagOn => Since.AddDays(7 * ThresholdWeeks);
    public bool Running => EndedOn is null;
    public int WeeksOut(DateTimeOffset now) => Math.Max(0, (DutchTime.Today(now).DayNumber - Since.DayNumber) / 7);
}

/// <summary>What a clock did when time passed; each becomes a history event.</summary>
public sealed record ClockEvent(string What, string Reason, IReadOnlyDictionary<string, string> Details);

/// <summary>Moves a case's clocks to "now": warnings, breaches and flags, each recorded once.</summary>
public static class CaseClocks
{
    public const string ZorgplichtWarning = "ZorgplichtWarning";
    public const string ZorgplichtBreached = "ZorgplichtBreached";
    public const string ThuiszitterFlagged = "ThuiszitterFlagged";
    public const string TlvRenewalDue = "TlvRenewalDue";
    public const string TlvExpired = "TlvExpired";

    public static IReadOnlyList<ClockEvent> Advance(CaseRecord c, DateTimeOffset now)
    {
        var events = new List<ClockEvent>();
        var today = DutchTime.Today(now);

        if (c.Zorgplicht is { Running: true } z)
        {
            if (!z.Warned && today >= z.WarnOn && today <= z.Deadline)
            {
                c.Zorgplicht = z = z with { Warned = true };
                events.Add(new(ZorgplichtWarning, $"zorgplicht ends on {z.Deadline:yyyy-MM-dd}: {z.DaysLeft(now)} days left to offer a place",
                    Details(("deadline", z.Deadline), ("school", z.School))));
            }
            if (!z.Breached && today > z.Deadline)
            {
                c.Zorgplicht = z with { Warned = true, Breached = true };
                events.Add(new(ZorgplichtBreached, $"no suitable place offered by {z.Deadline:yyyy-MM-dd}",
                    Details(("deadline", z.Deadline), ("school", z.School))));
            }
        }

        if (c.Thuiszitter is { Running: true, Flagged: false } t && today >= t.FlagOn)
        {
            c.Thuiszitter = t with { Flagged = true };
            events.Add(new(ThuiszitterFlagged,
                $"out of school since {t.Since:yyyy-MM-dd} ({t.WeeksOut(now)} weeks) with no place: escalation to the onderwijsconsulent is suggested",
                Details(("since", t.Since), ("suggestion", "onderwijsconsulent"))));
        }

        if (c.CurrentTlv is { } tlv)
        {
            var warnOn = tlv.EndDate.AddMonths(-3);
            if (c.TlvRenewalWarnedOn is null && today >= warnOn && today <= tlv.EndDate)
            {
                c.TlvRenewalWarnedOn = today;
                events.Add(new(TlvRenewalDue, $"the TLV of {tlv.IssuedBy} ends on {tlv.EndDate:yyyy-MM-dd}: decide on renewal",
                    Details(("endDate", tlv.EndDate), ("issuedBy", tlv.IssuedBy))));
            }
            if (today > tlv.EndDate)
            {
                c.CurrentTlv = null;
                events.Add(new(TlvExpired, $"the TLV of {tlv.IssuedBy} ended on {tlv.EndDate:yyyy-MM-dd}",
                    Details(("endDate", tlv.EndDate), ("issuedBy", tlv.IssuedBy))));
            }
        }
        events.AddRange(ResolutionWorkflow.AdvanceDeadlines(c, now));
        return events;
    }

    /// <summary>The next instant at which <see cref="Advance"/> would record something, or null when no clock runs.</summary>
    public static DateTimeOffset? NextDue(CaseRecord c)
    {
        var days = new List<DateOnly>();
        if (c.Zorgplicht is { Running: true } z)
        {
            if (!z.Warned) days.Add(z.WarnOn);
            if (!z.Breached) days.Add(z.Deadline.AddDays(1));
        }
        if (c.Thuiszitter is { Running: true, Flagged: false } t) days.Add(t.FlagOn);
        if (c.CurrentTlv is { } tlv)
        {
            if (c.TlvRenewalWarnedOn is null) days.Add(tlv.EndDate.AddMonths(-3));
            days.Add(tlv.EndDate.AddDays(1));
        }
        var next = days.Count == 0 ? (DateTimeOffset?)null : DutchTime.StartOf(days.Min());
        return ResolutionWorkflow.NextDue(c) is { } ladder && (next is null || ladder < next) ? ladder : next;
    }

    private static Dictionary<string, string> Details(params (string Key, object Value)[] items) =>
        items.ToDictionary(i => i.Key, i => i.Value is DateOnly d ? d.ToString("yyyy-MM-dd") : i.Value.ToString() ?? "");
}
