using System.Text.Json.Serialization;
using Coordination.Domain.Common;
using Coordination.Domain.Registry;
using Coordination.Domain.Resolution;

namespace Coordination.Domain.Cases;

/// <summary>Minimal data about the child: no BSN, no diagnosis; what is needed to find a place and nothing more.</summary>
public sealed record Student(
    string Name,
    DateOnly DateOfBirth,
    [property: JsonConverter(typeof(SharedCode))] string Municipality,
    [property: JsonConverter(typeof(SharedCode))] string? School);

/// <summary>An application (aanmelding) at a school: the zorgplicht runs from the confirmed receipt.</summary>
public sealed record Application(string School, DateOnly ReceivedOn);

public sealed record ExpertAdvice(string Expert, string Discipline, DateOnly GivenOn);

/// <summary>A granted TLV: who issued it (and pays), for which school type, category and period.</summary>
public sealed record Tlv(string IssuedBy, SchoolType SchoolType, FundingCategory? Category, DateOnly StartDate, DateOnly EndDate);

/// <summary>A TLV decision (granted or refused) and its date, from which the bezwaar term runs.</summary>
public sealed record TlvDecision(bool Granted, DateOnly DecidedOn, string? Reason);

public sealed record Signal(SignalKind Kind, DateOnly RecordedOn, bool ParentsInformed, string? Note,
    string? ParentsDecidedBy = null, string? WithholdReason = null);

/// <summary>One accepted change: who, when, what, why, and the state before and after. The case's legal record.</summary>
public sealed record CaseEvent(
    long Sequence,
    DateTimeOffset At,
    Actor Actor,
    string What,
    string? Reason,
    CaseState From,
    CaseState To,
    IReadOnlyDictionary<string, string>? Details = null);

/// <summary>The persisted state of one case. Version counts accepted changes (it is the ETag).</summary>
public sealed class CaseRecord
{
    /// <summary>2: the history lives in the case's event log; the record holds only events not yet appended there.</summary>
    public const int CurrentSchema = 2;
    public int Schema { get; set; } = CurrentSchema;
    public string Id { get; set; } = "";
    public long Version { get; set; }
    public CaseState State { get; set; } = CaseState.Aangemeld;
    public Sector Sector { get; set; }
    public Student Student { get; set; } = new("", default, "", null);
    public Application? Application { get; set; }
    public ZorgplichtClock? Zorgplicht { get; set; }
    public ThuiszitterClock? Thuiszitter { get; set; }
    [JsonConverter(typeof(CompactList<ExpertAdvice>))]
    public IReadOnlyList<ExpertAdvice> Advices { get; set; } = [];
    public TlvDecision? Decision { get; set; }
    public Tlv? CurrentTlv { get; set; }
    public DateOnly? TlvRenewalWarnedOn { get; set; }
    [JsonConverter(typeof(CompactList<Signal>))]
    public IReadOnlyList<Signal> Signals { get; set; } = [];
    /// <summary>Derived from the facts and replaced whole, never edited in place.</summary>
    [JsonConverter(typeof(CompactList<Party>))]
    public IReadOnlyList<Party> Parties { get; set; } = [];
    /// <summary>The current (or last) joint resolution of the verbanden; null when none was ever opened.</summary>
    public JointResolution? Resolution { get; set; }
    /// <summary>The last agreed arrangement: who leads, who pays, which school.</summary>
    public Agreement? Agreement { get; set; }
    private List<CaseEvent>? _history;

    /// <summary>
    /// Events recorded on this record and not yet known to be in the case's event log. They are saved with the record
    /// (so a change and its events stand or fall together) and appended to the log after it; the record's next save
    /// leaves them out. Schema 1 kept every event here; they move to the log on activation.
    /// </summary>
    [JsonIgnore]
    public List<CaseEvent> History { get => _history ??= []; set => _history = value; }

    /// <summary>True while <see cref="History"/> holds events the case's log does not have yet.</summary>
    [JsonIgnore]
    public bool HasUnloggedEvents => _history is { Count: > 0 };

    /// <summary>The events are in the log: the record lets go of them, and an idle case keeps not even an empty list (W3).</summary>
    public void ForgetLoggedEvents() => _history = null;

    /// <summary>What the stored record carries of <see cref="History"/>: its unlogged events, nothing once they are in the log.</summary>
    [JsonInclude, JsonPropertyName("history"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    private List<CaseEvent>? StoredHistory
    {
        get => HasUnloggedEvents ? _history : null;
        set => _history = value is { Count: > 0 } ? value : null;
    }

    private Dictionary<string, long>? _recentRequests;

    /// <summary>
    /// Idempotency keys of the latest changes and the version each produced, saved with the change itself, so a
    /// retry after a lost answer changes nothing. The newest 100 are kept. Null until the first keyed change: most
    /// cases never see one, and an empty dictionary costs every idle case 80 bytes (W3 in docs/benchmarks.md).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, long>? RecentRequests
    {
        get => _recentRequests;
        set => _recentRequests = value is { Count: > 0 } ? value : null;
    }
    /// <summary>
    /// The version up to which this case's events were handed to integrators (webhooks). Saved with the next change;
    /// after a crash the events above it are handed over again, which the outbox recognises.
    /// </summary>
    public long HandedOverVersion { get; set; }
    /// <summary>
    /// Verbanden that stopped being a party and may still show this case on their board, until the case has told them
    /// (saved with the next change, so a crash in between has the hand-over sweep tell them again). Null for almost
    /// every case.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? LeftVerbanden { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public bool Exists => Version > 0;

    /// <summary>Who leads (regie): the agreed verband, else the policy default (the school's verband).</summary>
    public string? LeadVerband => Agreement is { } a && Parties.Verbanden().Contains(a.Regie) ? a.Regie : Parties.LeadVerband();

    public const int RecentRequestsKept = 100;

    public void Remember(string requestKey)
    {
        var recent = _recentRequests ??= [];
        recent[requestKey] = Version;
        while (recent.Count > RecentRequestsKept)
            recent.Remove(recent.MinBy(r => r.Value).Key);
    }

    /// <summary>The version a change with this idempotency key produced, if this case saved one.</summary>
    public long? VersionOf(string requestKey) => _recentRequests is { } recent && recent.TryGetValue(requestKey, out var v) ? v : null;

    public void Record(DateTimeOffset at, Actor actor, string what, string? reason, CaseState from, IReadOnlyDictionary<string, string>? details = null)
    {
        Version++;
        UpdatedAt = at;
        History.Add(new CaseEvent(Version, at, actor, what, reason, from, State, details));
    }
}
