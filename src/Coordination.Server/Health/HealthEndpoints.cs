using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Coordination.Server.Health;

public static class HealthEndpoints
{
    private const string ReadyTag = "ready";

    public static void AddCoordinationHealth(this IServiceCollection services) =>
        services.AddHealthChecks()
            .AddCheck<SiloReadyCheck>("silo", tags: [ReadyTag])
            .AddCheck<PostgresReadyCheck>("postgresql", tags: [ReadyTag])
            .AddCheck<LiveReadyCheck>("live", tags: [ReadyTag]);

    /// <summary>
    /// /health/live: the process answers. /health/ready: silo active, PostgreSQL reachable and the host registered for
    /// live updates, else 503.
    /// </summary>
    public static void MapCoordinationHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteJson }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = WriteJson }).AllowAnonymous();
    }

    private static Task WriteJson(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), e.Value.Description }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, JsonSerializerOptions.Web));
    }
}
