namespace Coordination.Domain.Common;

/// <summary>Who did something: a person or system, and the organisation it acts for (a verband code, a BRIN, ...).</summary>
public sealed record Actor(string Name, string Organisation)
{
    public static readonly Actor System = new("system", "coordination");
    public override string ToString() => $"{Name} ({Organisation})";
}
