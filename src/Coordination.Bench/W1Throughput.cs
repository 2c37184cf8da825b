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
        double ServerCpuMs, double PostgresCpuMs, double PgbenchPostgresCpuMs);

    /// <summary>Each client rotates over its own cases, so a case's history stays short and no two clients queue on one grain.</summary>
    private const int CasesPerClient = 16;

    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(20);

    public static async Task<IReadOnlyList<Row>> Run(Api api, Pgbench pgbench, CpuMeter cpu, int seconds, int[] clients, string transition)
    {
        Func<int, Api.Json> body = transition switch
        {
            "move" => MoveBody,
            "signal" => _ => Api.Signal,
            _ => throw new ArgumentException($"--transition is move or signal, not {transition}"),
        };
        var token = await api.Token("PO2601");
        Console.WriteLine($"W1: opening {clients.Max() * CasesPerClient} cases...");
        var cases = await api.OpenCases(clients.Max() * CasesPerClient, token, n => Console.WriteLine($"W1:   {n} opened"));
        await pgbench.Initialise();
        // The first rows would otherwise pay for the server's JIT and tiering, which on 2 busy cores takes tens of
        // seconds to reach steady code (a row of 8 clients measured 846 transitions/s first, 1,585 after 64 clients).
        Console.WriteLine($"W1: warming the server up ({clients.Max()} clients, {WarmUp.TotalSeconds} s)...");
        await Load(api, token, cases, body, clients.Max(), WarmUp);
        var rows = new List<Row>();
        foreach (var c in clients)
        {
            Console.WriteLine($"W1: {c} client(s), {Math.Min(seconds, 3)} s warm-up then {seconds} s measured...");
            await Load(api, token, cases, body, c, TimeSpan.FromSeconds(Math.Min(seconds, 3)));
            var before = cpu.Read();
            var (count, errors, latencies) = await Load(api, token, cases, body, c, TimeSpan.FromSeconds(seconds));
            var after = cpu.Read();
            var tps = count / (double)seconds;
            var (serverCpu, postgresCpu) = ((after.ServerMs - before.ServerMs) / count, (after.PostgresMs - before.PostgresMs) / count);
            Console.WriteLine($"W1:   {tps:F0} transitions/s, {Stats.Of(latencies)}, {errors} errors; CPU per transition: server {serverCpu:F3} ms, PostgreSQL {postgresCpu:F3} ms");
            Console.WriteLine($"W1:   pgbench -N -c {c}...");
            before = cpu.Read();
            var pg = await pgbench.Run(c, seconds);
            await Task.Delay(500); // pgbench's backends have ended; their CPU counts once the postmaster reaped them
            var pgbenchCpu = (cpu.Read().PostgresMs - before.PostgresMs) / (pg * seconds);
            Console.WriteLine($"W1:   pgbench {pg:F0} tps (PostgreSQL CPU {pgbenchCpu:F3} ms per transaction) → ratio {tps / pg:F2}");
            rows.Add(new Row(c, tps, Stats.Of(latencies), errors, pg, tps / pg, serverCpu, postgresCpu, pgbenchCpu));
        }
        return rows;
    }

    // Moves each case made so far: even, the child lives in Utrecht (where Api.OpenCases put it). One client at a
    // time owns a case, so the counts need no lock.
    private static int[] _moves = [];

    private static readonly Api.Json ToNieuwegein = new(new { trigger = "Move", municipality = "GM0356", reason = "verhuisd" });
    private static readonly Api.Json ToUtrecht = new(new { trigger = "Move", municipality = "GM0344", reason = "verhuisd" });

    private static Api.Json MoveBody(int caseIndex) => _moves[caseIndex] % 2 == 0 ? ToNieuwegein : ToUtrecht;

    private static async Task<(int Count, int Errors, List<double> Latencies)> Load(Api api, string token, IReadOnlyList<string> cases,
        Func<int, Api.Json> body, int clients, TimeSpan duration)
    {
        if (_moves.Length != cases.Count) _moves = new int[cases.Count];
        var paths = cases.Select(id => $"/api/v1/cases/{id}/transitions").ToArray();
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
                using var response = await api.Post(paths[index], body(index), token);
                // Counted either way: a move whose answer was lost did happen, and after one that did not the next is
                // refused once ("already lives there") and puts the count right again.
                _moves[index]++;
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
