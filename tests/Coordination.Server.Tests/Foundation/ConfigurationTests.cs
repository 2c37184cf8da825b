using Coordination.Server.Tests.Infrastructure;

namespace Coordination.Server.Tests.Foundation;

/// <summary>Where the server's settings come from, and which source wins.</summary>
public sealed class ConfigurationTests
{
    [Fact]
    public async Task A_setting_given_the_ASP_NET_Core_way_wins_over_the_profile()
    {
        // silo-config/test.json sets the case room lease to 2 s; the environment says half a second, which the server
        // refuses to start with. Before, the profile was read last and quietly won.
        await using var db = await TestDatabase.CreateAsync();
        var tooShort = new Dictionary<string, string> { ["Coordination__CaseRooms__Lease"] = "00:00:00.500" };

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => ServerProcess.StartAsync(new(db.ConnectionString, Environment: tooShort)));

        Assert.Contains("Coordination:CaseRooms:Lease", refused.Message);
    }
}
