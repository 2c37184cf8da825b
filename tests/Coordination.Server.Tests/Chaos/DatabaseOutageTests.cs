using System.Diagnostics;
using System.Net;
using Coordination.Server.Tests.Infrastructure;

namespace Coordination.Server.Tests.Chaos;

/// <summary>PostgreSQL goes away and comes back: requests fail fast with 503, nothing acknowledged is lost, the service recovers by itself.</summary>
public sealed class DatabaseOutageTests
{
    [Fact]
    public async Task While_PostgreSQL_is_down_writes_fail_fast_with_503_and_the_service_recovers_without_losing_what_was_acknowledged()
    {
        await using var pg = await PrivatePostgres.StartAsync();
        await using var server = await ServerProcess.StartAsync(new(pg.ConnectionString));
        await server.Http.ImportDemoRegistry();
        var id = await server.Http.OpenCase(Cases.OneVerband());
        await server.Http.Fire(id, new { trigger = "StartIntake" });

        await pg.Stop();
        var clock = Stopwatch.StartNew();
        var (status, problem, response) = await server.Http.Post($"/api/v1/cases/{id}/transitions", new { trigger = "RequestTlv", schoolType = "SBO" });
        clock.Stop();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(503, (int)problem!["status"]!);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"the refusal took {clock.Elapsed}");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await server.Http.GetAsync("/health/ready")).StatusCode);

        await pg.Start();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await server.Http.GetAsync("/health/ready")).StatusCode != HttpStatusCode.OK && DateTime.UtcNow < deadline) await Task.Delay(200);
        HttpStatusCode again = 0;
        while (DateTime.UtcNow < deadline && (again = (await server.Http.Post($"/api/v1/cases/{id}/transitions", new { trigger = "RequestTlv", schoolType = "SBO" })).Status) != HttpStatusCode.OK)
            await Task.Delay(200);

        Assert.Equal(HttpStatusCode.OK, again);
        var history = (await server.Http.GetOk($"/api/v1/cases/{id}/history")).AsArray().Select(e => (string)e!["what"]!).ToList();
        Assert.Equal(["Application", "StartIntake", "RequestTlv"], history);
    }
}
