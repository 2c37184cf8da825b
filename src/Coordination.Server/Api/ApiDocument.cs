using System.Text.Json.Nodes;
using Coordination.Domain.Resolution;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Coordination.Server.Api;

/// <summary>
/// What the generated OpenAPI document cannot know by itself.
/// <list type="bullet">
/// <item>The coordination routes answer the resolution together with <c>permittedSteps</c>, the caller's own steps
/// (<see cref="CoordinationEndpoints"/>). The resolution's schema is closed (no other fields), so its answers get a
/// schema of their own, <c>CoordinationAnswer</c>: the resolution's fields and the steps. The resolution inside a case
/// view carries no steps and keeps its schema.</item>
/// <item>Problem bodies carry extension members (a 409's <c>trigger</c>, <c>state</c> and <c>permittedTriggers</c>, a
/// 412's <c>currentVersion</c>, every one's <c>traceId</c>): their schemas name those and stay open to others.</item>
/// <item>The headers a middleware reads: <c>Idempotency-Key</c> on every POST (<see cref="Idempotency"/>), and
/// <c>If-Match</c> on every write that answers 412 for a stale one.</item>
/// </list>
/// </summary>
public static class ApiDocument
{
    public const string CoordinationAnswer = "CoordinationAnswer";
    private static readonly string[] ProblemSchemas = ["ProblemDetails", "HttpValidationProblemDetails"];

    public static void Describe(OpenApiOptions options)
    {
        options.AddDocumentTransformer(DescribeAnswers);
        options.AddOperationTransformer(DescribeHeaders);
    }

    private static Task DescribeHeaders(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken _)
    {
        operation.Parameters ??= [];
        if (context.Description.HttpMethod == "POST")
            operation.Parameters.Add(Header("Idempotency-Key",
                "1 to 200 visible ASCII characters, e.g. a UUID: a retry with the same key and request gets the first answer again and changes nothing."));
        if (operation.Responses?.ContainsKey("412") == true)
            operation.Parameters.Add(Header("If-Match", "The ETag of what this changes, as last read (\"<version>\"); a stale one is a 412 and changes nothing."));
        return Task.CompletedTask;
    }

    private static OpenApiParameter Header(string name, string description) => new()
    {
        Name = name, In = ParameterLocation.Header, Required = false, Description = description,
        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
    };

    private static Task DescribeAnswers(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken _)
    {
        if (document.Components?.Schemas is not { } schemas) return Task.CompletedTask;
        if (schemas.TryGetValue(nameof(JointResolution), out var resolution) && resolution is OpenApiSchema closed)
        {
            schemas[CoordinationAnswer] = WithSteps(closed);
            var answers = document.Paths.Where(p => p.Key.Contains("/coordination"))
                .SelectMany(p => p.Value.Operations?.Values.AsEnumerable() ?? [])
                .SelectMany(o => o.Responses?.Where(r => r.Key.StartsWith('2')).Select(r => r.Value) ?? []);
            foreach (var response in answers)
                if (response.Content?.TryGetValue("application/json", out var media) == true
                    && media.Schema is OpenApiSchemaReference { Reference.Id: nameof(JointResolution) })
                    media.Schema = new OpenApiSchemaReference(CoordinationAnswer, document);
        }
        foreach (var name in ProblemSchemas)
            if (schemas.TryGetValue(name, out var problem) && problem is OpenApiSchema open) Extend(open);
        return Task.CompletedTask;
    }

    private static OpenApiSchema WithSteps(OpenApiSchema resolution)
    {
        var answer = (OpenApiSchema)resolution.CreateShallowCopy();
        answer.Description = "The resolution, and what the caller's verband may do in it now.";
        answer.Properties = new Dictionary<string, IOpenApiSchema>(resolution.Properties ?? new Dictionary<string, IOpenApiSchema>())
        {
            ["permittedSteps"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Array,
                Description = "What the caller's verband may do in this resolution now, named as the routes name them.",
                Items = new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    Enum = [.. Enum.GetNames<ResolutionWorkflow.Step>().Select(s => (JsonNode)JsonValue.Create(s))],
                },
            },
        };
        answer.Required = new HashSet<string>(resolution.Required ?? new HashSet<string>()) { "permittedSteps" };
        return answer;
    }

    private static void Extend(OpenApiSchema problem)
    {
        problem.AdditionalPropertiesAllowed = true;
        problem.AdditionalProperties = null;
        problem.Properties ??= new Dictionary<string, IOpenApiSchema>();
        problem.Properties["trigger"] = Text("409: the trigger or step that was refused");
        problem.Properties["state"] = Text("409: the state it was refused in");
        problem.Properties["permittedTriggers"] = new OpenApiSchema
        {
            Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String },
            Description = "409: what the caller may do instead now",
        };
        problem.Properties["currentVersion"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Description = "412: the version If-Match should name" };
        problem.Properties["traceId"] = Text("the request's trace, for support");
    }

    private static OpenApiSchema Text(string description) => new() { Type = JsonSchemaType.String, Description = description };
}
