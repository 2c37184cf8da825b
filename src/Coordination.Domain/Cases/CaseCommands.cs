namespace Coordination.Domain.Cases;

/// <summary>
/// A trigger with the data it needs, as an integrator sends it. Fields are text so that a wrong value is
/// reported against its own field name rather than failing the whole body.
/// </summary>
public sealed record CaseCommand
{
    public string? Trigger { get; init; }
    public string? Reason { get; init; }
    public string? School { get; init; }
    public string? Municipality { get; init; }
    public string? Date { get; init; }
    public string? Expert { get; init; }
    public string? Discipline { get; init; }
    public string? SchoolType { get; init; }
    public string? Category { get; init; }
    public string? StartDate { get; init; }
    public string? EndDate { get; init; }
    public string? IssuedBy { get; init; }
    public int? Weeks { get; init; }
    public string? Signal { get; init; }
    public bool? ParentsInformed { get; init; }
    /// <summary>From 16: "student" (the student decided whether parents are involved).</summary>
    public string? ParentsDecidedBy { get; init; }
    /// <summary>Why the parents were not informed: a stated danger to the child, a teacher or a care worker.</summary>
    public string? WithholdReason { get; init; }
}

public sealed record NewStudent
{
    public string? Name { get; init; }
    public string? DateOfBirth { get; init; }
    public string? Municipality { get; init; }
    public string? School { get; init; }
}

public sealed record NewApplication
{
    public string? School { get; init; }
    public string? ReceivedOn { get; init; }
}

/// <summary>Opens a case: a signal (no application yet) or an application at a school, which starts the zorgplicht.</summary>
public sealed record NewCase
{
    public NewStudent? Student { get; init; }
    /// <summary>PO or VO; taken from the school when the child has one.</summary>
    public string? Sector { get; init; }
    public NewApplication? Application { get; init; }
    public string? OutOfSchoolSince { get; init; }
    public string? Reason { get; init; }
    /// <summary>Whether the parents know of this signal (see <see cref="ParentInvolvement"/>).</summary>
    public bool? ParentsInformed { get; init; }
    public string? ParentsDecidedBy { get; init; }
    public string? WithholdReason { get; init; }
}
