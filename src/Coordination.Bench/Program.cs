using System.Text;
using System.Text.Json;
using Coordination.Bench;

// scripts/bench.sh runs this against a server it started; see docs/benchmarks.md.
// usage: Coordination.Bench --url http://127.0.0.1:PORT --db "Host=..;Port=..;Username=..;Database=.." --pgbench PATH
//        [--workloads w1,w2,w3] [--seconds 10] [--connections 1000] [--boards 1] [--client raw|signalr] [--rate 200] [--activations 10000,100000] [--clients 1,8,64] [--transition move|signal] [--out DIR] [--server-pid N] [--postgres-pid N]
//        Coordination.Bench --serve-floor PORT --db CONNECTION   (the floor server; W1 and W2 start it themselves)
if (args is ["--serve-floor", var floorPort, "--db", var floorConnection])
{
    await FloorServer.Serve(int.Parse(floorPort), floorConnection);
    return;
}
var options = Options.Parse(args);
var api = new Api(options.Url);
var results = new Dictionary<string, object> { ["startedAt"] = DateTimeOffset.UtcNow, ["machine"] = $"{Environment.ProcessorCount} cores" };
Console.WriteLine($"bench: importing the demo registry into {options.Url}...");
await api.ImportRegistry(Path.Combine(AppContext.BaseDirectory, "silo-config", "demo", "registry.csv"));
var markdown = new StringBuilder($"# Benchmark run {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC ({Environment.ProcessorCount} cores)\n\n");

if (options.Workloads.Contains("w1"))
{
    var db = new Npgsql.NpgsqlConnectionStringBuilder(options.Db);
    var cpu = new CpuMeter(options.ServerPid, options.PostgresPid);
    var rows = await W1Throughput.Run(api, new Pgbench(options.Pgbench, db.Host!, db.Port, db.Username!), cpu, FloorConnection(options.Db), options.Seconds, options.Clients, options.Transition);
    results["w1"] = rows;
    markdown.Append($"## W1 throughput: case transitions ({options.Transition}) over HTTP vs pgbench -N\n\n")
        .Append("| clients | transitions/s | p50 ms | p95 ms | p99 ms | errors | pgbench tps | ratio | CPU ms per transition: server | PostgreSQL | PostgreSQL CPU ms per pgbench tx |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
    foreach (var r in rows)
        markdown.Append($"| {r.Clients} | {r.TransitionsPerSecond:F0} | {r.Latency.P50:F1} | {r.Latency.P95:F1} | {r.Latency.P99:F1} | {r.Errors} | {r.PgbenchTps:F0} | {r.Ratio:F2} | {r.ServerCpuMs:F3} | {r.PostgresCpuMs:F3} | {r.PgbenchPostgresCpuMs:F3} |\n");
    markdown.Append("\nThe floor in the same run (HTTP in, one row updated, JSON out; `FloorServer.cs`):\n\n")
        .Append("| clients | floor transitions/s | p50 ms | p99 ms | errors | floor ÷ pgbench | server ÷ floor | CPU ms per transition: floor server | PostgreSQL |\n|---|---|---|---|---|---|---|---|---|\n");
    foreach (var r in rows)
        markdown.Append($"| {r.Clients} | {r.Floor.TransitionsPerSecond:F0} | {r.Floor.Latency.P50:F1} | {r.Floor.Latency.P99:F1} | {r.Floor.Errors} | {r.Floor.Ratio:F2} | {r.TransitionsPerSecond / r.Floor.TransitionsPerSecond:F2} | {r.Floor.ServerCpuMs:F3} | {r.Floor.PostgresCpuMs:F3} |\n");
    markdown.Append('\n');
}
if (options.Workloads.Contains("w2"))
{
    var r = await W2LiveLatency.Run(api, options.Connections, options.Boards, options.Rate, options.Seconds, options.Client);
    // The floor's updates weigh what the server's did (700 bytes when the full client measured none).
    var floor = await W2LiveLatency.RunFloor(FloorConnection(options.Db), options.Connections, options.Boards, options.Rate, options.Seconds, options.Client,
        r.UpdateBytes > 0 ? r.UpdateBytes : 700);
    results["w2"] = r;
    results["w2Floor"] = floor;
    markdown.Append($"## W2 live latency: {r.Connections} board connections ({r.Client} clients) on {r.Boards} board(s), {r.TransitionsPerSecond} transitions/s for {r.Seconds} s ({r.Expected:N0} updates expected)\n\n")
        .Append("| measure | p50 ms | p95 ms | p99 ms | n |\n|---|---|---|---|---|\n")
        .Append($"| HTTP answer → board update at each subscriber | {r.Delivery.P50:F1} | {r.Delivery.P95:F1} | {r.Delivery.P99:F1} | {r.Delivery.Count} |\n")
        .Append($"| SignalR echo round trip (baseline) | {r.EchoBaseline.P50:F1} | {r.EchoBaseline.P95:F1} | {r.EchoBaseline.P99:F1} | {r.EchoBaseline.Count} |\n")
        .Append($"| the floor: HTTP answer → update at each subscriber | {floor.Delivery.P50:F1} | {floor.Delivery.P95:F1} | {floor.Delivery.P99:F1} | {floor.Delivery.Count} |\n")
        .Append($"| the floor: its echo round trip | {floor.EchoBaseline.P50:F1} | {floor.EchoBaseline.P95:F1} | {floor.EchoBaseline.P99:F1} | {floor.EchoBaseline.Count} |\n\n")
        .Append($"p99 ratio (delivery ÷ echo): **{r.Ratio99:F2}**; updates expected but not received: {r.Missing}; transitions not answered 2xx: {r.FailedTransitions}; {Weight(r)}.\n\n")
        .Append($"The floor (`FloorServer.cs`: one row saved, the update sent to a plain SignalR group): p99 ratio **{floor.Ratio99:F2}**; missing {floor.Missing}; failed {floor.FailedTransitions}; {Weight(floor)}.\n\n");
}
if (options.Workloads.Contains("w3"))
{
    var r = await W3Scale.Run(options.Db, options.Activations);
    results["w3"] = r;
    markdown.Append($"## W3 scale: memory per active case grain\n\n| activations | managed heap per grain | RSS per grain | managed heap per grain after the first {W3Scale.ColdSamples + W3Scale.WarmActivations:N0} |\n|---|---|---|---|\n");
    foreach (var row in r.Rows) markdown.Append($"| {row.Activations:N0} | {row.ManagedBytesPerGrain / 1024:F2} KB | {row.RssBytesPerGrain / 1024:F2} KB | {row.ManagedBytesPerLaterGrain / 1024:F2} KB |\n");
    markdown.Append($"\nA board card (one per case, active or not): {r.ManagedBytesPerBoardCard / 1024:F2} KB managed. ")
        .Append($"Cold activation from PostgreSQL in a new silo: {r.ColdActivation}.\n\n");
}

Directory.CreateDirectory(options.Out);
var stamp = DateTimeOffset.UtcNow.ToString("yyyyMMdd-HHmmss");
await File.WriteAllTextAsync(Path.Combine(options.Out, $"bench-{stamp}.json"), JsonSerializer.Serialize(results, new JsonSerializerOptions { WriteIndented = true }));
await File.WriteAllTextAsync(Path.Combine(options.Out, $"bench-{stamp}.md"), markdown.ToString());
Console.WriteLine();
Console.WriteLine(markdown);
Console.WriteLine($"Results: {options.Out}/bench-{stamp}.json and .md");

static string Weight(W2LiveLatency.Result r) => r.UpdateBytes > 0 ? $"{r.UpdateBytes:F0} bytes per update" : "update size not measured (raw client only)";

// The floor server gets the pool size the server was started with (scripts/bench.sh). It stays up through W1's
// other measurements, so its idle connections close within seconds instead of holding PostgreSQL backends.
static string FloorConnection(string db) =>
    new Npgsql.NpgsqlConnectionStringBuilder(db) { MaxPoolSize = 64, ConnectionIdleLifetime = 2, ConnectionPruningInterval = 1 }.ConnectionString;

internal sealed record Options(string Url, string Db, string Pgbench, string[] Workloads, int Seconds, int Connections, int Boards, string Client, int Rate, int[] Activations, int[] Clients, string Transition, string Out, int? ServerPid, int? PostgresPid)
{
    public static Options Parse(string[] args)
    {
        string Get(string name, string fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }
        return new Options(
            Get("--url", "http://127.0.0.1:5080"),
            Get("--db", "Host=127.0.0.1;Port=5434;Username=coordination;Database=coordination_bench"),
            Get("--pgbench", "/usr/lib/postgresql/15/bin/pgbench"),
            Get("--workloads", "w1,w2,w3").Split(','),
            int.Parse(Get("--seconds", "10")),
            int.Parse(Get("--connections", "1000")),
            int.Parse(Get("--boards", "1")),
            Get("--client", "raw"),
            int.Parse(Get("--rate", "200")),
            Get("--activations", "10000,100000").Split(',').Select(int.Parse).ToArray(),
            Get("--clients", "1,8,64").Split(',').Select(int.Parse).ToArray(),
            Get("--transition", "move"),
            Get("--out", "artifacts/bench"),
            int.TryParse(Get("--server-pid", ""), out var server) ? server : null,
            int.TryParse(Get("--postgres-pid", ""), out var postgres) ? postgres : null);
    }
}
