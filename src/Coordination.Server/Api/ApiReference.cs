using Coordination.Server.Security;
using Scalar.AspNetCore;

namespace Coordination.Server.Api;

public static class ApiReference
{
    /// <summary>
    /// /docs: a browsable reference of /openapi/v1.json, for admins. Served entirely from this host: no fonts,
    /// telemetry or assistant from elsewhere.
    /// </summary>
    public static void MapApiReference(this IEndpointRouteBuilder app) =>
        app.MapScalarApiReference("/docs", o => o
                .WithTitle("Coordination API")
                .WithOpenApiRoutePattern("/openapi/{documentName}.json")
                .DisableDefaultFonts()
                .DisableTelemetry()
                .DisableAgent())
            .RequireAuthorization(Authentication.AdminPolicy);
}
