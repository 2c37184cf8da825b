using Coordination.Grains;
using System.Text.Json.Nodes;
using Coordination.Server.Health;
using Coordination.Server.Live;
using Coordination.Server.Tests.Infrastructure;
using Coordination.Server.Tests.Live;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;

namespace Coordination.Server.Tests.Foundation;

/// <summary>What a load balancer asks before it sends traffic to a host.</summary>
[Collection(ServerCollection.Name)]
public sealed class HealthTests(ServerFixture fixture)
{
    [Fact]
    public async Task Ready_names_the_silo_PostgreSQL_and_the_live_registration()
    {
        var response = await fixture.Http.GetAsync("/health/ready");
        var checks = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["checks"]!.AsObject();

        Assert.True(response.IsSuccessStatusCode);
        Assert.Equal(["live", "postgresql", "silo"], checks.Select(c => c.Key).Order());
        Assert.All(checks, c => Assert.Equal("Healthy", (string?)c.Value!["status"]));
    }

    [Fact]
    public async Task A_host_not_yet_registered_for_live_updates_is_not_ready()
    {
        // A board opened on it now would miss the updates until the silos' publishers know the host.
        var (_, fanOut) = RecordingConnection.Host();
        var host = new LiveHostService(null!, fanOut, new LivePublisher(null!, null!, NullLogger<LivePublisher>.Instance), NullLogger<LiveHostService>.Instance);

        var result = await new LiveReadyCheck(host).CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
    }
}
