using Coordination.Grains;
using Coordination.Server.Hosting;
using Coordination.Server.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Coordination.Server.Tests.Infrastructure;

/// <summary>
/// A silo configured exactly as the server configures its own (<see cref="OrleansSetup"/>), in this process, so
/// a test can reach the storage provider directly or give the grains a clock it moves.
/// </summary>
public sealed class InProcessSilo : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly NpgsqlDataSource _dataSource;

    private InProcessSilo(IHost host, NpgsqlDataSource dataSource)
    {
        _host = host;
        _dataSource = dataSource;
    }

    public IServiceProvider Services => _host.Services;
    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    /// <summary>Settings for one deployment; reuse them (same service id) to restart "the same" service.</summary>
    public static CoordinationSettings Settings(string database) => new()
    {
        Profile = "test",
        Clustering = ClusteringMode.Localhost,
        ClusterId = "inproc-" + Guid.NewGuid().ToString("N")[..8],
        ServiceId = "inproc-" + Guid.NewGuid().ToString("N")[..8],
        Database = database,
        Clocks = new CaseClockOptions { CheckPeriod = TimeSpan.FromSeconds(1) },
    };

    public static async Task<InProcessSilo> StartAsync(CoordinationSettings settings, TimeProvider? clock = null)
    {
        settings.SiloPort = FreePorts.Next();
        settings.GatewayPort = FreePorts.Next();
        var dataSource = Database.Open(settings.Database);
        await new SchemaMigrator(dataSource, Path.Combine(AppContext.BaseDirectory, "silo-config", "schema")).ApplyAsync();

        var builder = Host.CreateApplicationBuilder();
        if (clock is not null) builder.Services.AddKeyedSingleton(GrainServices.ClockKey, clock);
        builder.Services.AddCoordinationGrains();
        builder.UseOrleans(silo => silo.ConfigureCoordinationSilo(settings, dataSource));
        var host = builder.Build();
        await host.StartAsync();
        return new InProcessSilo(host, dataSource);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        await _dataSource.DisposeAsync();
    }
}
