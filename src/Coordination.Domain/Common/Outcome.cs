using System.Text.Json.Serialization;

namespace Coordination.Domain.Common;

/// <summary>The answer to a command: accepted, refused for bad input, not permitted now, or based on a stale version.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(Accepted), "accepted")]
[JsonDerivedType(typeof(Invalid), "invalid")]
[JsonDerivedType(typeof(NotPermitted), "notPermitted")]
[JsonDerivedType(typeof(Stale), "stale")]
[JsonDerivedType(typeof(Forbidden), "forbidden")]
public abstract record Outcome
{
    public sealed record Accepted(long Version) : Outcome;
    public sealed record Invalid(IReadOnlyList<FieldError> Errors) : Outcome;
    /// <summary>The trigger is known but not permitted now; <paramref name="Permitted"/> lists what is.</summary>
    public sealed record NotPermitted(string Trigger, string State, IReadOnlyList<string> Permitted, string Reason) : Outcome;
    /// <summary>The caller changed an older version than the current one (If-Match).</summary>
    public sealed record Stale(long Current) : Outcome;
    /// <summary>The caller's organisation may not do this (e.g. a verband that is not involved in the case).</summary>
    public sealed record Forbidden(string Reason) : Outcome;

    public static Outcome InvalidField(string field, string message) => new Invalid([new FieldError(field, message)]);
}
