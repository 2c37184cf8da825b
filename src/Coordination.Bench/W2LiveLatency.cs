using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Coordination.Bench;

/// <summary>
/// W2: N SignalR connections watch verband boards while transitions flow at a steady rate; the time from the HTTP
/// answer of a transition to the arrival of its board update at each subscriber. Baseline from the same run: the
/// bare SignalR round trip (hub Echo) on the same connections. With one board (the default) every connection gets
/// every update, the worst case; with more, the connections and cases are spread evenly over that many verbanden,
/// as when each verband's own people watch its board.
/// </summary>
public static class W2LiveLatency
{
    private sealed record Board(string Code, string Municipality, string School, string Token, List<string> Cases);

    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(20);

    public sealed record Result(string Client, int Connections, int Boards, int TransitionsPerSecond, int Seconds, long Expected, Stats Delivery, Stats EchoBaseline, long Missing, double Ratio99, int FailedTransitions, double UpdateBytes);

    public static async Task<Result> Run(Api api, int connections, int boardCount, int rate, int seconds, string client)
    {
        if (client is not ("raw" or "signalr")) throw new ArgumentException($"--client is raw or signalr, not {client}");
        var boards = await Boards(api, boardCount);
        foreach (var board in boards)
            board.Cases.AddRange(await api.OpenCases(Math.Max(1, 200 / boardCount), board.Token, board.Municipality, board.School));
        return await Measure(api, boards, (id, _) => $"/api/v1/cases/{id}/transitions", connections, rate, seconds, client);
    }

    /// <summary>
    /// The same load against the floor (<see cref="FloorServer"/>): as many boards, cases and subscribers, updates of
    /// <paramref name="updateBytes"/> (the server's, measured just before), sent to a plain SignalR group.
    /// </summary>
    public static async Task<Result> RunFloor(string db, int connections, int boardCount, int rate, int seconds, string client, double updateBytes)
    {
        using var floor = await FloorProcess.Start(db);
        var perBoard = Math.Max(1, 200 / boardCount);
        var boards = Enumerable.Range(0, boardCount)
            .Select(b => new Board($"floor{b}", "", "", "floor", Enumerable.Range(b * perBoard, perBoard).Select(i => i.ToString()).ToList())).ToList();
        var size = (int)Math.Round(updateBytes);
        return await Measure(new Api(floor.Url), boards, (id, board) => $"/floor/boards/{board.Code}/cases/{id}/transitions?size={size}",
            connections, rate, seconds, client);
    }

    private static async Task<Result> Measure(Api api, List<Board> boards, Func<string, Board, string> transitionPath,
        int connections, int rate, int seconds, string client)
    {
        // Round robin over the boards, so the transitions of every board are spread over the run.
        var cases = Enumerable.Range(0, boards.Max(b => b.Cases.Count))
            .SelectMany(i => boards.Where(b => i < b.Cases.Count).Select(b => (Id: b.Cases[i], Board: b))).ToList();
        var watchers = boards.ToDictionary(b => b, b => 0);
        var answered = new ConcurrentDictionary<(string, long), Board>();
        var answeredAt = new ConcurrentDictionary<(string, long), long>();
        var failed = 0; // measured transitions not answered 2xx: they publish nothing, so they are not waited for
        var arrivals = new ConcurrentBag<(string Case, long Version, long At)>();

        Console.WriteLine($"W2: connecting {connections} {client} clients to {boards.Count} board(s)...");
        void Arrived(string caseId, long version) => arrivals.Add((caseId, version, Stopwatch.GetTimestamp()));
        var hubs = new List<IWatcher>();
        for (var i = 0; i < connections; i += 50)
        {
            hubs.AddRange(await Task.WhenAll(Enumerable.Range(i, Math.Min(50, connections - i)).Select(n =>
            {
                var board = boards[n % boards.Count];
                return client == "raw" ? RawWatcher.Connect(api.BaseUrl, board.Token, board.Code, Arrived) : SignalRWatcher.Connect(api.BaseUrl, board.Token, board.Code, Arrived);
            })));
        }
        for (var n = 0; n < connections; n++) watchers[boards[n % boards.Count]]++;

        // Transitions flow to the connected boards first, unmeasured, until tiered compilation has settled on both
        // sides (it takes W1's server about 20 s on 2 busy cores; unwarmed, W2 measured the JIT).
        Console.WriteLine($"W2: warming up, {rate} transitions/s for {WarmUp.TotalSeconds} s...");
        await Flow((int)(rate * WarmUp.TotalSeconds), measured: false);
        await Task.Delay(2000); // the warm-up's last updates arrive before the echo is measured
        arrivals.Clear();
        RawWatcher.Received.Reset();

        Console.WriteLine("W2: echo baseline...");
        var echo = new ConcurrentBag<double>();
        await Parallel.ForEachAsync(hubs, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (hub, _) =>
        {
            for (var i = 0; i < 3; i++) echo.Add(await hub.EchoMs());
        });

        Console.WriteLine($"W2: {rate} transitions/s for {seconds} s to {connections} subscribers...");
        await Flow(rate * seconds, measured: true);
        await Task.Delay(2000); // let the last updates arrive

        async Task Flow(int count, bool measured)
        {
            var interval = TimeSpan.FromSeconds(1.0 / rate);
            var sent = new List<Task>();
            var clock = Stopwatch.StartNew();
            for (var n = 0; n < count; n++)
            {
                var due = interval * n;
                if (clock.Elapsed < due) await Task.Delay(due - clock.Elapsed);
                var (id, board) = cases[n % cases.Count];
                sent.Add(Task.Run(async () =>
                {
                    using var response = await api.Post(transitionPath(id, board), Api.Signal, board.Token);
                    var at = Stopwatch.GetTimestamp();
                    if (!measured) return;
                    if (!response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref failed);
                        return;
                    }
                    var version = (long)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["version"]!;
                    answeredAt[(id, version)] = at;
                    answered[(id, version)] = board;
                }));
            }
            await Task.WhenAll(sent);
        }

        var delivery = new List<double>();
        foreach (var (caseId, version, at) in arrivals)
            if (answeredAt.TryGetValue((caseId, version), out var answer))
                delivery.Add(Math.Max(0, (at - answer) * 1000.0 / Stopwatch.Frequency));
        var expected = answered.Values.Sum(b => (long)watchers[b]);
        foreach (var hub in hubs) await hub.DisposeAsync();
        var result = new Result(client, connections, boards.Count, rate, seconds, expected, Stats.Of(delivery), Stats.Of(echo), expected - delivery.Count,
            Stats.Of(delivery).P99 / Math.Max(0.001, Stats.Of(echo).P99), failed, RawWatcher.Received.AverageBytes);
        Console.WriteLine($"W2:   delivery {result.Delivery}; echo {result.EchoBaseline}; missing {result.Missing}; failed transitions {failed}; p99 ratio {result.Ratio99:F2}; {result.UpdateBytes:F0} bytes per update");
        return result;
    }

    /// <summary>
    /// One board: the demo's PO2601. More: that many verbanden of one municipality and one school each, imported for
    /// the run (codes PO3000 and up, which the demo registry does not use).
    /// </summary>
    private static async Task<List<Board>> Boards(Api api, int count)
    {
        if (count == 1) return [new Board("PO2601", "GM0344", "01AA00", await api.Token("PO2601"), [])];
        var generated = Enumerable.Range(0, count)
            .Select(i => (Code: $"PO{3000 + i}", Municipality: $"GM{9000 + i}", School: $"{70 + i / 26:D2}{(char)('A' + i % 26)}Z00")).ToList();
        var csv = new System.Text.StringBuilder("soort;verband;code;naam;type;gemeente;cluster;jeugdzorgregio;steunpunt;email;telefoon\n");
        foreach (var (code, municipality, school) in generated)
            csv.Append($"verband;{code};;SWV Bench {code};;;;Bench;;;\n")
                .Append($"gemeente;{code};{municipality};Gemeente {municipality};;;;;;;\n")
                .Append($"school;{code};{school};School {school};BAO;{municipality};;;;;\n");
        await api.ImportRegistryCsv(csv.ToString());
        var boards = new List<Board>();
        foreach (var (code, municipality, school) in generated) boards.Add(new Board(code, municipality, school, await api.Token(code), []));
        return boards;
    }
}
