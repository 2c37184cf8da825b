using System.Net;
using Coordination.Grains;
using Npgsql;
using Orleans.Configuration;
using Orleans.Dashboard;

namespace Coordination.Server.Hosting;

/// <summary>How this host's silo joins its cluster and where it keeps state and reminders.</summary>
public static class OrleansSetup
{
    /// <summary>The ADO.NET invariant Orleans uses to pick Npgsql.</summary>
    public const string Invariant = "Npgsql";

    public static void ConfigureCoordinationSilo(this ISiloBuilder silo, CoordinationSettings settings, NpgsqlDataSource dataSource)
    {
        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = settings.ClusterId;
            o.ServiceId = settings.ServiceId;
        });

        if (settings.Clustering == ClusteringMode.AdoNet)
        {
            silo.ConfigureEndpoints(IPAddress.Loopback, settings.EffectiveSiloPort, settings.EffectiveGatewayPort, listenOnAnyHostAddress: false);
            silo.UseAdoNetClustering(o =>
            {
                o.Invariant = Invariant;
                o.DataSource = dataSource;
            });
        }
        else
        {
            silo.UseLocalhostClustering(settings.EffectiveSiloPort, settings.EffectiveGatewayPort,
                serviceId: settings.ServiceId, clusterId: settings.ClusterId);
        }

        silo.AddAdoNetGrainStorage(StorageNames.State, o =>
        {
            o.Invariant = Invariant;
            o.DataSource = dataSource;
            o.GrainStorageSerializer = new JsonStateSerializer();
        });
        // Before AddCoordinationGrains or after it: these replace the grains' in-memory defaults.
        // From factories, so the container disposes them: their last writes are made when the host stops.
        silo.Services.AddSingleton<IBoardStore>(_ => new Storage.PostgresBoardStore(dataSource, settings.ServiceId));
        silo.Services.AddSingleton<ICaseEventLog>(_ => new Storage.PostgresCaseEventLog(dataSource, settings.ServiceId));
        silo.UseAdoNetReminderService(o =>
        {
            o.Invariant = Invariant;
            o.DataSource = dataSource;
        });
        // Case clocks check at most every CheckPeriod; Orleans refuses reminder periods below its minimum.
        silo.Services.Configure<CaseClockOptions>(o => o.CheckPeriod = settings.Clocks.CheckPeriod);
        if (settings.CaseRooms.Lease < TimeSpan.FromSeconds(1)) throw new InvalidOperationException("Coordination:CaseRooms:Lease must be 1 second or more.");
        silo.Services.Configure<CaseRoomOptions>(o => o.Lease = settings.CaseRooms.Lease);
        silo.Configure<ReminderOptions>(o =>
        {
            if (settings.Clocks.CheckPeriod < o.MinimumReminderPeriod) o.MinimumReminderPeriod = settings.Clocks.CheckPeriod;
        });
        silo.AddActivityPropagation();
        silo.AddDashboard();
    }

}
