using System.Text.Json.Nodes;
using Coordination.Domain.Resolution;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Coordination.Server.Api;

/// <summary>
/// The coordination routes answer the resolution together with <c>permittedSteps</c>, the caller's own steps
/// (<see cref="CoordinationEndpoints"/>). The resolution inside a case view carries no steps, so its schema stays as
/// it is; these answers' schema is the resolution's and the steps beside it, so an integrator finds them in the document.
/// </summary>
public static class CoordinationAnswerSchema
{
    public static void Describe(OpenApiOptions options) => options.AddOperationTransformer((operation, context, _) =>
    {
        foreach (var declared in context.Description.SupportedResponseTypes.Where(r => r.Type == typeof(JointResolution)))
            if (operation.Responses is { } responses && responses.TryGetValue(declared.StatusCode.ToString(), out var response)
                && response.Content is { } content && content.TryGetValue("application/json", out var media) && media.Schema is { } resolution)
                media.Schema = new OpenApiSchema { AllOf = [resolution, Steps()] };
        return Task.CompletedTask;
    });

    private static OpenApiSchema Steps() => new()
    {
        Type = JsonSchemaType.Object,
        Required = new HashSet<string> { "permittedSteps" },
        Properties = new Dictionary<string, IOpenApiSchema>
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
        },
    };
}
