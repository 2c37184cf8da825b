using Coordination.Contracts;
using Coordination.Domain.Common;
using Coordination.Domain.Registry;
using Coordination.Grains;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace Coordination.Grains.Tests;

/// <summary>
/// One in-process cluster with memory storage and reminders, whose case clocks run on a time the tests move.
/// Registry: three PO verbanden A (PO1001), B (PO1002), C (PO1003), each with one municipality and schools.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 9, 1, 8, 0, 0, TimeSpan.Zero));
    public RecordingSink Sink { get; } = new();
    public InProcessTestCluster Cluster { get; private set; } = null!;
    public IClusterClient Client => Cluster.Client;
    public static readonly TimeSpan CaseRoomLease = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Registers a web host's end of the live fan-out and has every silo's publisher fetch the host list at once, as a
    /// real host has its own silo's publisher do when it registers (otherwise they learn of it within 3 s).
    /// </summary>
    public async Task RegisterHost(string hostId, ILiveHost host)
    {
        await Client.GetGrain<ILiveHostRegistry>(0).Register(hostId, host);
        foreach (var silo in Cluster.Silos) await silo.ServiceProvider.GetRequiredService<LivePublisher>().Refresh();
    }

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            // Stored the way the host stores it (JSON without type names), so a restart reads back what PostgreSQL would.
            silo.AddMemoryGrainStorage(StorageNames.State, o => o.GrainStorageSerializer = new JsonStateSerializer());
            silo.UseInMemoryReminderService();
            silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromMilliseconds(500));
        });
        builder.ConfigureSiloHost((_, host) =>
        {
            host.Services.AddKeyedSingleton<TimeProvider>(GrainServices.ClockKey, Clock);
            host.Services.AddSingleton<ICaseEventSink>(Sink);
            host.Services.AddCoordinationGrains();
            host.Services.Configure<CaseClockOptions>(o => o.CheckPeriod = TimeSpan.FromMilliseconds(500));
            host.Services.Configure<CaseRoomOptions>(o => o.Lease = CaseRoomLease);
            host.Services.Configure<PresenceOptions>(o => { o.HostSilentFor = TimeSpan.FromSeconds(2); o.SweepEvery = TimeSpan.FromMilliseconds(300); });
        });
        builder.ConfigureClientHost(host => host.Services.AddCoordinationSerialization());
        Cluster = builder.Build();
        await Cluster.DeployAsync();

        foreach (var (code, municipality, schools) in new[]
        {
            ("PO1001", "GM0001", new[] { new School("11AA00", "Basisschool A", SchoolType.BAO, "GM0001"), new School("11AB00", "SO A", SchoolType.SO, "GM0001", 3) }),
            ("PO1002", "GM0002", new[] { new School("12AA00", "Basisschool B", SchoolType.BAO, "GM0002"), new School("12AB00", "SBO B", SchoolType.SBO, "GM0002") }),
            ("PO1003", "GM0003", new[] { new School("13AA00", "Basisschool C", SchoolType.BAO, "GM0003") }),
        })
        {
            var result = await Client.GetGrain<IVerbandGrain>(code).Import(
                new VerbandRegistration(code, $"SWV {code}", $"Regio {code}", [new Municipality(municipality, $"Gemeente {municipality}")], schools),
                Actor.System);
            if (result.Outcome is not Outcome.Accepted) throw new InvalidOperationException($"seeding {code}: {result.Outcome}");
        }
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
