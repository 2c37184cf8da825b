using Coordination.Domain.Cases;

namespace Coordination.Domain.Resolution;

/// <summary>A coordination request in a verband's inbox: which case, what it has answered, by when.</summary>
public sealed record InboxEntry(
    string Verband,
    string CaseId,
    long CaseVersion,
    int Resolution,
    ResolutionState ResolutionState,
    RequestState Request,
    DateOnly RespondBy,
    int CurrentProposal,
    string Initials,
    string? LeadVerband,
    DateTimeOffset UpdatedAt)
{
    public static IEnumerable<InboxEntry> Of(CaseRecord c) =>
        c.Resolution is not { } r
            ? []
            // A verband that left and came back has an old, closed request too: its inbox shows the newest. One that
            // left for good has it taken off with the case's card (VerbandGrain.RemoveCase).
            : r.Requests.Where(q => c.Parties.Verbanden().Contains(q.Verband)).GroupBy(q => q.Verband).Select(g => g.Last()).Select(q => new InboxEntry(q.Verband, c.Id, c.Version, r.Number, r.State, q.State, q.RespondBy, r.Current?.Version ?? 0,
                CaseSummary.InitialsOf(c.Student.Name), c.LeadVerband, c.UpdatedAt));
}

/// <summary>A case on an expertteam's board: referred because the verbanden did not agree in time.</summary>
public sealed record ExpertteamCase(
    string CaseId,
    long CaseVersion,
    string Region,
    string Initials,
    int BirthYear,
    IReadOnlyList<string> Verbanden,
    ResolutionState ResolutionState,
    DateTimeOffset ReferredAt,
    DateOnly? Deadline,
    bool OnderwijsconsulentInvolved,
    DateTimeOffset UpdatedAt)
{
    public static ExpertteamCase? Of(CaseRecord c) =>
        c.Resolution is { ReferredToExpertteamAt: { } at } r
            ? new ExpertteamCase(c.Id, c.Version, r.Region, CaseSummary.InitialsOf(c.Student.Name), c.Student.DateOfBirth.Year,
                r.Requests.Select(q => q.Verband).ToList(), r.State, at, r.ExpertteamDeadline, r.OnderwijsconsulentAt is not null, c.UpdatedAt)
            : null;
}
