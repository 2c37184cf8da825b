using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.SignalR.Client;

namespace Coordination.Bench;

/// <summary>
/// W2: N SignalR connections watch one verband board while transitions flow at a steady rate; the time from the
/// HTTP answer of a transition to the arrival of its board update at each subscriber. Baseline from the same run:
/// the bare SignalR round trip (hub Echo) on the same connections.
/// </summary>
public static class W2LiveLatency
{
    private sealed record BoardUpdate(BoardPayload? Payload);
    private sealed record BoardPayload(BoardChange? Change);
    private sealed record BoardChange(CardVersion? Summary);
    private sealed record CardVersion(string Id, long Version);

    public sealed record Result(int Connections, int TransitionsPerSecond, int Seconds, Stats Delivery, Stats EchoBaseline, long Missing, double Ratio99);

    public static async Task<Result> Run(Api api, int connections, int rate, int seconds)
    {
        var token = await api.Token("PO2601");
        var cases = await api.OpenCases(200, token);
        var answered = new ConcurrentDictionary<(string, long), long>();
        var arrivals = new ConcurrentBag<(string Case, long Version, long At)>();

        Console.WriteLine($"W2: connecting {connections} SignalR clients...");
        var hubs = new List<HubConnection>();
        for (var i = 0; i < connections; i += 50)
        {
            var batch = await Task.WhenAll(Enumerable.Range(i, Math.Min(50, connections - i)).Select(async _ =>
            {
                var hub = new HubConnectionBuilder()
                    .WithUrl($"{api.BaseUrl}/hubs/board", o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
                    .Build();
                // Typed to the two fields it needs: the clients share the server's 2 cores, so every microsecond a
                // client spends parsing is taken from the server under test.
                hub.On<BoardUpdate>("board", m =>
                {
                    var at = Stopwatch.GetTimestamp();
                    if (m.Payload?.Change?.Summary is { } summary) arrivals.Add((summary.Id, summary.Version, at));
                });
                await hub.StartAsync();
                await hub.InvokeAsync("WatchVerband", "PO2601");
                return hub;
            }));
            hubs.AddRange(batch);
        }

        Console.WriteLine("W2: echo baseline...");
        var echo = new ConcurrentBag<double>();
        await Parallel.ForEachAsync(hubs, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (hub, _) =>
        {
            for (var i = 0; i < 3; i++)
            {
                var start = Stopwatch.GetTimestamp();
                await hub.InvokeAsync<long>("Echo", start);
                echo.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        });

        Console.WriteLine($"W2: {rate} transitions/s for {seconds} s to {connections} subscribers...");
        var interval = TimeSpan.FromSeconds(1.0 / rate);
        var sent = new List<Task>();
        var clock = Stopwatch.StartNew();
        for (var n = 0; n < rate * seconds; n++)
        {
            var due = interval * n;
            if (clock.Elapsed < due) await Task.Delay(due - clock.Elapsed);
            var id = cases[n % cases.Count];
            sent.Add(Task.Run(async () =>
            {
                using var response = await api.Post($"/api/v1/cases/{id}/transitions", Api.Signal, token);
                var at = Stopwatch.GetTimestamp();
                if (!response.IsSuccessStatusCode) return;
                var version = (long)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["version"]!;
                answered[(id, version)] = at;
            }));
        }
        await Task.WhenAll(sent);
        await Task.Delay(2000); // let the last updates arrive

        var delivery = new List<double>();
        foreach (var (caseId, version, at) in arrivals)
            if (answered.TryGetValue((caseId, version), out var answer))
                delivery.Add(Math.Max(0, (at - answer) * 1000.0 / Stopwatch.Frequency));
        var expected = (long)answered.Count * connections;
        foreach (var hub in hubs) await hub.DisposeAsync();
        var result = new Result(connections, rate, seconds, Stats.Of(delivery), Stats.Of(echo), expected - delivery.Count,
            Stats.Of(delivery).P99 / Math.Max(0.001, Stats.Of(echo).P99));
        Console.WriteLine($"W2:   delivery {result.Delivery}; echo {result.EchoBaseline}; missing {result.Missing}; p99 ratio {result.Ratio99:F2}");
        return result;
    }
}
