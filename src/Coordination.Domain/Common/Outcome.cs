namespace Coordination.Domain.Common;

/// <summary>The answer to a command: accepted, refused for bad input, or not permitted in the current state.</summary>
public abstract record Outcome
{
    public sealed record Accepted(long Version) : Outcome;
    public sealed record Invalid(IReadOnlyList<FieldError> Errors) : Outcome;
    /// <summary>The trigger is known but not permitted now; <paramref name="Permitted"/> lists what is.</summary>
    public sealed record NotPermitted(string Trigger, string State, IReadOnlyList<string> Permitted, string Reason) : Outcome;

    public static Outcome InvalidField(string field, string message) => new Invalid([new FieldError(field, message)]);
}
