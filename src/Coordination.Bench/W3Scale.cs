using System.Diagnostics;
using Coordination.Contracts;
using Coordination.Domain.Cases;
using Coordination.Domain.Common;
using Coordination.Grains;
using Coordination.Server.Api;
using Coordination.Server.Hosting;
using Coordination.Server.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Coordination.Bench;

/// <summary>
/// W3: memory per active case grain (managed heap after a full GC, and RSS) at 10,000 and 100,000 activations, in a
/// silo this process hosts on the bench PostgreSQL, configured exactly as the server's. The cases are opened first in
/// one silo; a second silo then loads the verband's board (its cards exist for every case, active or not, and are
/// reported apart) and activates the cases from PostgreSQL, timing the first ones (cold activation).
/// </summary>
public static class W3Scale
{
    /// <summary>
    /// Per grain over the board's baseline, and over the heap after a first set of activations made the way the
    /// rest are (64 at a time): those also grow what every later one shares and no grain owns (the PostgreSQL pool's
    /// connections and their buffers, the thread pool's threads, type and serializer caches), a cost of the
    /// concurrency that the first figure spreads over the grains.
    /// </summary>
    public sealed record Row(int Activations, double ManagedBytesPerGrain, double RssBytesPerGrain, double ManagedBytesPerLaterGrain);
    public sealed record Result(IReadOnlyList<Row> Rows, Stats ColdActivation, double ManagedBytesPerBoardCard);

    /// <summary>Activated one at a time, each timed: the cold-activation latency.</summary>
    public const int ColdSamples = 500;

    public static async Task<Result> Run(string connectionString, int[] counts)
    {
        var settings = new CoordinationSettings
        {
            Profile = "bench", ClusterId = "bench-w3", ServiceId = "bench-w3-" + Guid.NewGuid().ToString("N")[..6],
            Database = connectionString, SiloPort = 21111, GatewayPort = 40000,
        };
        var total = counts.Max();
        var ids = Enumerable.Range(0, total).Select(i => $"bench{i:D27}").ToList();
        await using (var opening = await Silo.Start(settings))
        {
            var csv = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "silo-config", "demo", "registry.csv"));
            await ImportEndpoints.Run(csv, opening.Grains, Actor.System);
            Console.WriteLine($"W3: opening {total:N0} cases...");
            await Parallel.ForAsync(0, total, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (i, _) =>
            {
                // Opened by the child's verband, as a case must be by one of those it concerns.
                var opened = await opening.Grains.Grain<ICaseGrain>(ids[i]).Open(new NewCase
                {
                    ParentsInformed = true,
                    Student = new NewStudent { Name = $"Bench {i}", DateOfBirth = "2016-06-01", Municipality = "GM0344", School = "01AA00" },
                }, new Actor("bench", "PO2601"));
                if (opened.Outcome is not Outcome.Accepted) throw new InvalidOperationException($"W3: case {i} was not opened: {opened.Outcome}");
                if ((i + 1) % 10_000 == 0) Console.WriteLine($"W3:   {i + 1:N0}");
            });
        }

        Console.WriteLine("W3: a new silo; loading the board, then activating the cases from PostgreSQL...");
        settings.SiloPort++; settings.GatewayPort++;
        await using var silo = await Silo.Start(settings);
        var (heap0, _) = Measure();
        await silo.Grains.Grain<IVerbandGrain>("PO2601").Board(null, 1, 1);
        var (heapBoard, rssBoard) = Measure();
        var perCard = (heapBoard - heap0) / (double)total;
        Console.WriteLine($"W3:   board of {total:N0} cards: {perCard / 1024:F2} KB managed per card");

        var latencies = new List<double>();
        foreach (var id in ids.Take(ColdSamples))
        {
            var start = Stopwatch.GetTimestamp();
            if (await silo.Grains.Grain<ICaseGrain>(id).Get() is null) throw new InvalidOperationException($"case {id} was not stored");
            latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        Console.WriteLine($"W3:   cold activation {Stats.Of(latencies)}");
        var first = ColdSamples + WarmActivations;
        await Activate(silo, ids, ColdSamples, first);
        var (heapWarm, _) = Measure();

        var rows = new List<Row>();
        var active = first;
        foreach (var target in counts.Order())
        {
            Console.WriteLine($"W3:   activating up to {target:N0}...");
            await Activate(silo, ids, active, target);
            active = target;
            var (heap, rss) = Measure();
            var row = new Row(target, (heap - heapBoard) / (double)target, (rss - rssBoard) / (double)target,
                (heap - heapWarm) / (double)(target - first));
            Console.WriteLine($"W3:   {target:N0} active: {row.ManagedBytesPerGrain / 1024:F2} KB managed, {row.RssBytesPerGrain / 1024:F2} KB RSS per grain; " +
                $"{row.ManagedBytesPerLaterGrain / 1024:F2} KB managed per grain after the first {first:N0}");
            rows.Add(row);
        }
        return new Result(rows, Stats.Of(latencies), perCard);
    }

    /// <summary>Activated 64 at a time, as the measured ones are, after the cold ones (one at a time).</summary>
    public const int WarmActivations = 1_000;

    private static Task Activate(Silo silo, IReadOnlyList<string> ids, int from, int to) =>
        Parallel.ForAsync(from, to, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (i, _) =>
        {
            await silo.Grains.Grain<ICaseGrain>(ids[i]).Get();
            if ((i + 1) % 10_000 == 0) Console.WriteLine($"W3:     {i + 1:N0} active");
        });

    private static (long Heap, long Rss) Measure()
    {
        for (var i = 0; i < 3; i++) { GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true); GC.WaitForPendingFinalizers(); }
        var rss = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmRSS:")).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        return (GC.GetTotalMemory(forceFullCollection: true), long.Parse(rss) * 1024);
    }

    private sealed class Silo(IHost host, NpgsqlDataSource dataSource) : IAsyncDisposable
    {
        public IGrainFactory Grains => host.Services.GetRequiredService<IGrainFactory>();

        public static async Task<Silo> Start(CoordinationSettings settings)
        {
            var dataSource = Database.Open(settings.Database);
            await new SchemaMigrator(dataSource, SchemaMigrator.DefaultFolder).ApplyAsync();
            var builder = Host.CreateApplicationBuilder();
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Services.AddCoordinationGrains();
            builder.UseOrleans(silo => silo.ConfigureCoordinationSilo(settings, dataSource));
            var host = builder.Build();
            await host.StartAsync();
            return new Silo(host, dataSource);
        }

        public async ValueTask DisposeAsync()
        {
            await host.StopAsync();
            host.Dispose();
            await dataSource.DisposeAsync();
        }
    }
}
