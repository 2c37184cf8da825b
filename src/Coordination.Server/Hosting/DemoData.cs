using Coordination.Domain.Common;
using Coordination.Server.Api;

namespace Coordination.Server.Hosting;

/// <summary>Loads the shipped demo registry at start-up so a fresh install has verbanden to play with.</summary>
public static class DemoData
{
    public static async Task ImportAsync(IServiceProvider services, string relativePath, ILogger logger)
    {
        try
        {
            var path = Path.Combine(AppContext.BaseDirectory, relativePath);
            var report = await ImportEndpoints.Run(await File.ReadAllTextAsync(path), services.GetRequiredService<IGrainFactory>(), new Actor("demo data", "coordination"));
            logger.LogInformation("Demo registry: {Count} verbanden from {Path}, {Errors} row errors", report.Verbanden.Count, relativePath, report.Errors.Count);
            foreach (var e in report.Errors) logger.LogWarning("Demo registry row {Row} {Field}: {Message}", e.Row, e.Field, e.Message);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Importing the demo registry {Path} failed", relativePath);
        }
    }
}
