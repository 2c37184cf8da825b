using Coordination.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace Coordination.Server.Tests.Foundation;

/// <summary>The cluster profile: hosts on one PostgreSQL membership table form one cluster.</summary>
public sealed class ClusterTests
{
    [Fact]
    public async Task Two_hosts_in_the_cluster_profile_share_one_activation_per_case()
    {
        await using var db = await TestDatabase.CreateAsync();
        var cluster = "cluster-" + Guid.NewGuid().ToString("N")[..8];
        await using var a = await ServerProcess.StartAsync(new(db.ConnectionString, Profile: "cluster", ClusterId: cluster));
        await using var b = await ServerProcess.StartAsync(new(db.ConnectionString, Profile: "cluster", ClusterId: cluster));

        Assert.Equal(2L, await db.Scalar<long>($"select count(*) from orleans_cluster_member where deployment_id = '{cluster}' and status = 3"));

        await a.Http.ImportDemoRegistry();
        var id = await a.Http.OpenCase(Cases.OneVerband());
        // Alternate writes through both hosts: a second activation would hold a stale version and its write
        // would be refused by the storage ETag; every write succeeding means one activation served them all.
        await b.Http.Fire(id, new { trigger = "StartIntake" });
        await a.Http.Fire(id, new { trigger = "RequestTlv", schoolType = "SBO" });
        await b.Http.Fire(id, new { trigger = "RecordExpertAdvice", expert = "Drs. A. Visser", discipline = "orthopedagoog" });
        await a.Http.Fire(id, new { trigger = "RecordExpertAdvice", expert = "Dr. B. Smit", discipline = "kinderpsychiater" });

        var viaA = await a.Http.GetOk($"/api/v1/cases/{id}");
        var viaB = await b.Http.GetOk($"/api/v1/cases/{id}");
        Assert.Equal(5, (long)viaA["version"]!);
        Assert.Equal(viaA.ToJsonString(), viaB.ToJsonString());

        // A change made through host A reaches a SignalR client connected to host B, through the cluster itself.
        // The case was opened through A and case grains prefer the local silo, so the update starts on A.
        await using var live = await LiveClient.ConnectAsync(b.HttpPort, "Anne", "PO2601");
        await live.Connection.InvokeAsync<object>("JoinCase", id);
        LiveUpdate? update = null;
        // A host that just joined may miss the first update while the others' host lists refresh (a few seconds);
        // clients see that as a gap and resync, so here we only need one to arrive.
        for (var attempt = 0; attempt < 5 && update is null; attempt++)
        {
            await a.Http.Fire(id, new { trigger = "RecordSignal", signal = "Zorg", parentsInformed = true, reason = $"poging {attempt}" });
            try { update = live.Next("case", TimeSpan.FromSeconds(2)); } catch (TimeoutException) { }
        }
        Assert.NotNull(update);
        Assert.Equal(LiveMessage(id), update.Group);
        Assert.Equal((long)(await b.Http.GetOk($"/api/v1/cases/{id}"))["version"]!, update.Version);
    }

    private static string LiveMessage(string id) => $"case:{id}";
}
