using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Coordination.Server.Tests.Infrastructure;

namespace Coordination.Server.Tests.Chaos;

/// <summary>kill -9 under a 64-client load, then a restart: nothing acknowledged is lost, and retries create no duplicates.</summary>
public sealed class CrashTests
{
    private const int Clients = 64;

    [Fact]
    public async Task Every_acknowledged_transition_survives_a_crash_and_retries_with_their_key_create_no_duplicates()
    {
        await using var db = await TestDatabase.CreateAsync();
        var server = await ServerProcess.StartAsync(new(db.ConnectionString));
        await server.Http.ImportDemoRegistry();
        var cases = new string[Clients];
        for (var i = 0; i < Clients; i++) cases[i] = await server.Http.OpenCase(Cases.OneVerband());
        var token = await server.Http.Token("load", ApiClient.DefaultOrganisation);
        var current = server.Http;
        var acknowledged = new ConcurrentBag<(int Client, int N)>();
        string? lastRefusal = null;
        using var stop = new CancellationTokenSource();

        async Task Client(int client)
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                // The same request and key until it is answered: a retry, never a second change.
                while (true)
                {
                    try
                    {
                        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/cases/{cases[client]}/transitions")
                        {
                            Content = JsonContent.Create(new { trigger = "RecordSignal", signal = "Zorg", parentsInformed = true, reason = $"c{client}-{n}" }),
                        };
                        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                        request.Headers.Add("Idempotency-Key", $"c{client}-{n}");
                        using var response = await Volatile.Read(ref current).SendAsync(request);
                        if (response.IsSuccessStatusCode) { acknowledged.Add((client, n)); break; }
                        lastRefusal = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { lastRefusal = e.Message; }
                    await Task.Delay(100);
                }
            }
        }

        var load = Enumerable.Range(0, Clients).Select(Client).ToList();
        var started = DateTime.UtcNow;
        while (acknowledged.Count < Clients * 3 && DateTime.UtcNow < started.AddSeconds(30)) await Task.Delay(50);
        var beforeCrash = acknowledged.Count;
        await server.KillAsync();
        var restarted = await ServerProcess.StartAsync(new(db.ConnectionString));
        Volatile.Write(ref current, restarted.Http);
        await Task.Delay(1500);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (acknowledged.Count < beforeCrash + Clients * 3 && DateTime.UtcNow < deadline) await Task.Delay(100);
        await stop.CancelAsync();
        await Task.WhenAll(load).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(beforeCrash > Clients, $"the load ran before the crash ({beforeCrash} acknowledged in {(DateTime.UtcNow - started).TotalSeconds:F1} s; last refusal: {lastRefusal})");
        Assert.True(acknowledged.Count > beforeCrash, "the load went on after the restart");
        var missing = new List<string>();
        var duplicated = new List<string>();
        for (var client = 0; client < Clients; client++)
        {
            var reasons = (await restarted.Http.GetOk($"/api/v1/cases/{cases[client]}/history?pageSize=1000")).AsArray()
                .Where(e => (string)e!["what"]! == "RecordSignal").Select(e => (string)e!["reason"]!).ToList();
            duplicated.AddRange(reasons.GroupBy(r => r).Where(g => g.Count() > 1).Select(g => g.Key));
            missing.AddRange(acknowledged.Where(a => a.Client == client).Select(a => $"c{a.Client}-{a.N}").Except(reasons));
        }
        Assert.Empty(missing);
        Assert.Empty(duplicated);
        await restarted.DisposeAsync();
    }
}
