namespace Coordination.Server.Hosting;

/// <summary>Structured console logs: one JSON object a line for collectors, or single lines for a terminal.</summary>
public static class Logging
{
    public static void AddCoordinationLogging(this WebApplicationBuilder builder, CoordinationSettings settings)
    {
        builder.Logging.ClearProviders();
        if (settings.LogFormat.Equals("json", StringComparison.OrdinalIgnoreCase))
            builder.Logging.AddJsonConsole(o => { o.IncludeScopes = true; o.TimestampFormat = "O"; o.UseUtcTimestamp = true; });
        else
            builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; });
    }
}
