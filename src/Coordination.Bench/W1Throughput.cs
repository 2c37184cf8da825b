using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Coordination.Bench;

/// <summary>
/// W1: case transitions over HTTP, each persisted to PostgreSQL, with 1, 8 and 64 concurrent clients; beside each,
/// pgbench -N with the same number of clients on the same PostgreSQL instance. Headline: transitions/s ÷ pgbench tps.
/// </summary>
/// <remarks>
/// The transition is <c>Move</c> by default: the child moves between Utrecht and Nieuwegein (both PO2601), so the
/// case record keeps its size and every transition of the run costs the same. <c>--transition signal</c> records a
/// signal instead, as this bench did until 2026-11-23: each adds one to the case's record, so records grow through
/// the run (about a hundred signals per case by its end) and later transitions cost more.
/// </remarks>
public static partial class W1Throughput
{
    /// <summary>One row; CPU figures are milliseconds of CPU per transition (server, PostgreSQL) and per pgbench transaction.</summary>
    public sealed record Row(int Clients, double TransitionsPerSecond, Stats Latency, int Errors, double PgbenchTps, double Ratio,
        double ServerCpuMs, double PostgresCpuMs, double PgbenchPostgresCpuMs, Floor Floor);

    /// <summary>The floor's figures in the same row (<see cref="FloorServer"/>): its rate, latency, ratio to pgbench and CPU.</summary>
    public sealed record Floor(double TransitionsPerSecond, Stats Latency, int Errors, double Ratio, double ServerCpuMs, double PostgresCpuMs);

    /// <summary>Where a load goes: a server and the paths of its cases, with the moves made on each so far.</summary>
    private sealed record Target(Api Api, string[] Paths, CpuMeter Cpu)
    {
        // Even: the child lives in Utrecht (where the case was opened). One client at a time owns a case, so no lock.
        public int[] Moves { get; } = new int[Paths.Length];
    }

    /// <summary>Each client rotates over its own cases, so a case's history stays short and no two clients queue on one grain.</summary>
    private const int CasesPerClient = 16;

    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(20);

    public static async Task<IReadOnlyList<Row>> Run(Api api, Pgbench pgbench, CpuMeter cpu, string db, int seconds, int[] clients, string transition)
    {
        if (transition is not ("move" or "signal")) throw new ArgumentException($"--transition is move or signal, not {transition}");
        Func<Target, int, Api.Json> body = transition == "move" ? MoveBody : (_, _) => Api.Signal;
        var token = await api.Token("PO2601");
        Console.WriteLine($"W1: opening {clients.Max() * CasesPerClient} cases...");
        var cases = await api.OpenCases(clients.Max() * CasesPerClient, token, n => Console.WriteLine($"W1:   {n} opened"));
        var server = new Target(api, cases.Select(id => $"/api/v1/cases/{id}/transitions").ToArray(), cpu);
        await pgbench.Initialise();
        using var floorProcess = await FloorProcess.Start(db);
        var floor = new Target(new Api(floorProcess.Url), cases.Select((_, i) => $"/floor/cases/{i % FloorServer.Cases}/transitions").ToArray(),
            new CpuMeter(floorProcess.Pid, cpu.PostgresPid));
        // The first rows would otherwise pay for the server's JIT and tiering, which on 2 busy cores takes tens of
        // seconds to reach steady code (a row of 8 clients measured 846 transitions/s first, 1,585 after 64 clients).
        Console.WriteLine($"W1: warming the server and the floor up ({clients.Max()} clients, {WarmUp.TotalSeconds} s each)...");
        await Load(server, token, body, clients.Max(), WarmUp);
        await Load(floor, token, MoveBody, clients.Max(), WarmUp);
        var rows = new List<Row>();
        foreach (var c in clients)
        {
            Console.WriteLine($"W1: {c} client(s), {Math.Min(seconds, 3)} s warm-up then {seconds} s measured...");
            var (count, errors, latencies, serverCpu, postgresCpu) = await Measure(server, token, body, c, seconds);
            var tps = count / (double)seconds;
            Console.WriteLine($"W1:   {tps:F0} transitions/s, {Stats.Of(latencies)}, {errors} errors; CPU per transition: server {serverCpu:F3} ms, PostgreSQL {postgresCpu:F3} ms");
            Console.WriteLine($"W1:   pgbench -N -c {c}...");
            var before = cpu.Read();
            var pg = await pgbench.Run(c, seconds);
            await Task.Delay(500); // pgbench's backends have ended; their CPU counts once the postmaster reaped them
            var pgbenchCpu = (cpu.Read().PostgresMs - before.PostgresMs) / (pg * seconds);
            Console.WriteLine($"W1:   pgbench {pg:F0} tps (PostgreSQL CPU {pgbenchCpu:F3} ms per transaction) → ratio {tps / pg:F2}");
            Console.WriteLine($"W1:   the floor, {c} client(s)...");
            var f = await Measure(floor, token, MoveBody, c, seconds);
            var floorTps = f.Count / (double)seconds;
            Console.WriteLine($"W1:   floor {floorTps:F0} transitions/s, {Stats.Of(f.Latencies)}, {f.Errors} errors → ratio {floorTps / pg:F2}; CPU: floor server {f.ServerCpu:F3} ms, PostgreSQL {f.PostgresCpu:F3} ms");
            rows.Add(new Row(c, tps, Stats.Of(latencies), errors, pg, tps / pg, serverCpu, postgresCpu, pgbenchCpu,
                new Floor(floorTps, Stats.Of(f.Latencies), f.Errors, floorTps / pg, f.ServerCpu, f.PostgresCpu)));
        }
        return rows;
    }

    /// <summary>A short unmeasured load, then the measured one with the CPU its server and PostgreSQL spent on each transition.</summary>
    private static async Task<(int Count, int Errors, List<double> Latencies, double ServerCpu, double PostgresCpu)> Measure(
        Target target, string token, Func<Target, int, Api.Json> body, int clients, int seconds)
    {
        await Load(target, token, body, clients, TimeSpan.FromSeconds(Math.Min(seconds, 3)));
        var before = target.Cpu.Read();
        var (count, errors, latencies) = await Load(target, token, body, clients, TimeSpan.FromSeconds(seconds));
        var after = target.Cpu.Read();
        return (count, errors, latencies, (after.ServerMs - before.ServerMs) / count, (after.PostgresMs - before.PostgresMs) / count);
    }

    private static readonly Api.Json ToNieuwegein = new(new { trigger = "Move", municipality = "GM0356", reason = "verhuisd" });
    private static readonly Api.Json ToUtrecht = new(new { trigger = "Move", municipality = "GM0344", reason = "verhuisd" });

    private static Api.Json MoveBody(Target target, int caseIndex) => target.Moves[caseIndex] % 2 == 0 ? ToNieuwegein : ToUtrecht;

    private static async Task<(int Count, int Errors, List<double> Latencies)> Load(Target target, string token,
        Func<Target, int, Api.Json> body, int clients, TimeSpan duration)
    {
        var (api, paths) = (target.Api, target.Paths);
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var latencies = new List<double>[clients];
        var errors = 0;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async client =>
        {
            var mine = latencies[client] = [];
            for (var i = 0; Stopwatch.GetTimestamp() < until; i++)
            {
                var index = client * CasesPerClient + i % CasesPerClient;
                var start = Stopwatch.GetTimestamp();
                using var response = await api.Post(paths[index], body(target, index), token);
                // Counted either way: a move whose answer was lost did happen, and after one that did not the next is
                // refused once ("already lives there") and puts the count right again.
                target.Moves[index]++;
                if (response.IsSuccessStatusCode) mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                else Interlocked.Increment(ref errors);
            }
        }));
        var all = latencies.SelectMany(l => l).ToList();
        return (all.Count, errors, all);
    }
}

/// <summary>pgbench -N (simple-update, no branch contention) on its own database of the same PostgreSQL instance.</summary>
public sealed partial class Pgbench(string binary, string host, int port, string user)
{
    public async Task Initialise()
    {
        await Exec("psql", $"-h {host} -p {port} -U {user} -d postgres -qc \"drop database if exists pgbench\"");
        await Exec("psql", $"-h {host} -p {port} -U {user} -d postgres -qc \"create database pgbench\"");
        await Exec(binary, $"-i -q -s 10 -h {host} -p {port} -U {user} pgbench");
    }

    public async Task<double> Run(int clients, int seconds)
    {
        var output = await Exec(binary, $"-N -n -c {clients} -j {Math.Min(clients, 4)} -T {seconds} -h {host} -p {port} -U {user} pgbench");
        var match = Tps().Match(output);
        return match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : throw new InvalidOperationException("pgbench printed no tps:\n" + output);
    }

    private async Task<string> Exec(string file, string args)
    {
        var tool = file == "psql" ? Path.Combine(Path.GetDirectoryName(binary)!, "psql") : file;
        var info = new ProcessStartInfo(tool, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{tool} {args} failed:\n{output}");
        return output;
    }

    [GeneratedRegex(@"tps = ([0-9.]+)")]
    private static partial Regex Tps();
}
