using Coordination.Domain.Common;

namespace Coordination.Server.Api;

/// <summary>Every refusal as RFC 9457 problem+json: 400 naming each bad field, 404, 409 with the permitted triggers, 412.</summary>
public static class Problems
{
    public static IResult From(Outcome outcome) => outcome switch
    {
        Outcome.Invalid invalid => Invalid(invalid.Errors),
        Outcome.NotPermitted n => TypedResults.Problem(
            title: "Trigger not permitted now",
            detail: n.Reason,
            statusCode: StatusCodes.Status409Conflict,
            type: "https://coordination.example/problems/not-permitted",
            extensions: new Dictionary<string, object?> { ["trigger"] = n.Trigger, ["state"] = n.State, ["permittedTriggers"] = n.Permitted }),
        Outcome.Forbidden f => TypedResults.Problem(
            title: "Not permitted for your organisation",
            detail: f.Reason,
            statusCode: StatusCodes.Status403Forbidden),
        Outcome.Stale s => TypedResults.Problem(
            title: "Version is stale",
            detail: $"The object changed since you read it; its version is now {s.Current}. Read it again and retry.",
            statusCode: StatusCodes.Status412PreconditionFailed,
            extensions: new Dictionary<string, object?> { ["currentVersion"] = s.Current }),
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "not a refusal"),
    };

    public static IResult Invalid(IEnumerable<FieldError> errors) =>
        TypedResults.ValidationProblem(
            errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
            title: "The request has invalid fields",
            type: "https://coordination.example/problems/invalid");

    public static IResult Invalid(string field, string message) => Invalid([new FieldError(field, message)]);

    public static IResult NotFound(string what) =>
        TypedResults.Problem(title: "Not found", detail: what, statusCode: StatusCodes.Status404NotFound);
}
