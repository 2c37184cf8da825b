using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Coordination.Server.Hosting;

/// <summary>OpenTelemetry metrics and traces for Orleans and ASP.NET Core; exported only when an exporter is chosen.</summary>
public static class Telemetry
{
    public static void AddCoordinationTelemetry(this WebApplicationBuilder builder, CoordinationSettings settings)
    {
        var exporter = settings.TelemetryExporter.ToLowerInvariant();
        if (exporter is "none" or "") return;
        if (exporter is not ("console" or "otlp"))
            throw new InvalidOperationException($"TelemetryExporter '{settings.TelemetryExporter}' is not one of none, console, otlp.");

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("coordination", serviceInstanceId: $"{settings.ClusterId}-{settings.Instance}"))
            .WithMetrics(m =>
            {
                m.AddMeter("Microsoft.Orleans").AddAspNetCoreInstrumentation().AddRuntimeInstrumentation();
                if (exporter == "console") m.AddConsoleExporter(); else m.AddOtlpExporter();
            })
            .WithTracing(t =>
            {
                t.AddSource("Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application").AddAspNetCoreInstrumentation().AddHttpClientInstrumentation();
                if (exporter == "console") t.AddConsoleExporter(); else t.AddOtlpExporter();
            });
    }
}
