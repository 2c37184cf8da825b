using Coordination.Domain.Registry;
using Coordination.Domain.Resolution;

namespace Coordination.Domain.Cases;

/// <summary>
/// What a board shows of a case: no name, only initials and birth year, the state, the parties and the clocks.
/// Kept by every party verband's grain so a board never scans storage.
/// </summary>
public sealed record CaseSummary(
    string Id,
    long Version,
    CaseState State,
    Sector Sector,
    string Initials,
    int BirthYear,
    IReadOnlyList<Party> Parties,
    bool MultiVerband,
    DateOnly? ZorgplichtDeadline,
    bool ZorgplichtBreached,
    DateOnly? OutOfSchoolSince,
    bool Thuiszitter,
    DateOnly? TlvEndDate,
    string? LeadVerband,
    ResolutionState? Coordination,
    DateOnly? CoordinationDeadline,
    DateTimeOffset UpdatedAt)
{
    // Shares the case's parties: a case replaces that list whole and never edits it (CaseRecord.Parties), so the
    // summary may cross local grain calls by reference (Contracts.SharedDomainValues) without a copy.
    public static CaseSummary Of(CaseRecord c) => new(
        c.Id, c.Version, c.State, c.Sector, InitialsOf(c.Student.Name), c.Student.DateOfBirth.Year, c.Parties, c.Parties.IsMultiVerband(),
        c.Zorgplicht is { Running: true } z ? z.Deadline : null, c.Zorgplicht?.Breached == true && c.Zorgplicht.Running,
        c.Thuiszitter is { Running: true } t ? t.Since : null, c.Thuiszitter is { Running: true, Flagged: true },
        c.CurrentTlv?.EndDate, c.LeadVerband, c.Resolution?.State, c.Resolution?.NextDeadline, c.UpdatedAt);

    public static string InitialsOf(string name) =>
        string.Concat(name.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(p => char.ToUpperInvariant(p[0]) + "."));
}
