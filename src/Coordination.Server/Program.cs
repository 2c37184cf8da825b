using Coordination.Grains;
using Coordination.Server.Api;
using Coordination.Server.Health;
using Coordination.Server.Live;
using Coordination.Server.Security;
using Coordination.Server.Webhooks;
using Coordination.Server.Hosting;
using Coordination.Server.Storage;
using Npgsql;
using Orleans.Dashboard;

// Content root is the binary's folder, so appsettings, silo-config and wwwroot are found from any working directory.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Configuration.AddCoordinationProfile(args);
var settings = builder.Configuration.GetSection(CoordinationSettings.Section).Get<CoordinationSettings>()
    ?? throw new InvalidOperationException("The Coordination section is missing.");
if (string.IsNullOrWhiteSpace(settings.Database))
    throw new InvalidOperationException("No database: set Coordination:Database or COORDINATION_DB.");

builder.AddCoordinationLogging(settings);
builder.AddCoordinationTelemetry(settings);
builder.AddCoordinationAuth(settings);
builder.WebHost.UseUrls($"http://127.0.0.1:{settings.EffectiveHttpPort}");

var dataSource = Database.Open(settings.Database);
builder.Services.AddSingleton(dataSource);
builder.Services.AddSingleton(settings);

if (settings.ApplySchema)
{
    // Before the silo starts: the providers read their SQL from the schema at start-up.
    using var loggerFactory = LoggerFactory.Create(l => l.AddSimpleConsole(o => o.SingleLine = true));
    await new SchemaMigrator(dataSource, SchemaMigrator.DefaultFolder, loggerFactory.CreateLogger<SchemaMigrator>()).ApplyAsync();
}

builder.UseOrleans(silo => silo.ConfigureCoordinationSilo(settings, dataSource));
builder.Services.AddCoordinationWebhooks(); // before the grains: it replaces their default (no) event sink
builder.Services.AddCoordinationGrains();
builder.Services.AddCoordinationLive();
builder.Services.AddHostedService<IdempotencyCleanup>();
builder.Services.AddCoordinationHealth();
builder.Services.AddProblemDetails();
builder.Services.AddSingleton<AccessLog>();
builder.Services.AddOpenApi(ApiDocument.Describe);
builder.Services.ConfigureHttpJsonOptions(o => ApiJson.Configure(o.SerializerOptions));
// A value the binder cannot read throws in every environment, so that BadRequests answers it naming the field.
builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);

var app = builder.Build();
// Unhandled errors become problem+json without a stack trace.
app.UseExceptionHandler(new ExceptionHandlerOptions { StatusCodeSelector = StorageOutage.StatusCodeOf });
app.UseStatusCodePages();
app.UseMiddleware<BadRequests>();
app.UseDefaultFiles();
app.UseStaticFiles();
app.UseAuthentication();
app.UseAuthorization();
app.UseMiddleware<Idempotency>();
app.MapCoordinationHealth();
app.MapHub<BoardHub>("/hubs/board");
if (app.Environment.IsDevelopment()) app.MapDevSignIn(settings);
app.MapOpenApi();
app.MapApiReference();
var api = app.MapGroup("/api/v1");
api.MapCaseEndpoints();
api.MapVerbandEndpoints();
api.MapImportEndpoints();
api.MapCoordinationEndpoints();
api.MapWebhookEndpoints();
app.MapOrleansDashboard(routePrefix: "/dashboard").RequireAuthorization(Authentication.AdminPolicy);

app.Lifetime.ApplicationStarted.Register(() =>
{
    var url = app.Urls.FirstOrDefault() ?? "";
    app.Logger.LogInformation("Coordination ({Profile}, cluster {ClusterId}) listens on {Url}", settings.Profile, settings.ClusterId, url);
    if (!string.IsNullOrEmpty(settings.DemoData)) _ = DemoData.ImportAsync(app.Services, settings.DemoData, app.Logger);
});

await app.RunAsync();

/// <summary>Visible to the functional tests.</summary>
public partial class Program;
