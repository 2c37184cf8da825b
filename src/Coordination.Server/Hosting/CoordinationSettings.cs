namespace Coordination.Server.Hosting;

/// <summary>
/// The settings of one Coordination host, bound from the "Coordination" section: a profile file in
/// silo-config/ first, then environment variables and command-line arguments (see <see cref="HostConfiguration"/>).
/// </summary>
public sealed class CoordinationSettings
{
    public const string Section = "Coordination";

    /// <summary>local, cluster or test: which silo-config/&lt;profile&gt;.json was loaded.</summary>
    public string Profile { get; set; } = "local";

    /// <summary>Localhost (one silo) or AdoNet (membership table in PostgreSQL, several silos).</summary>
    public ClusteringMode Clustering { get; set; } = ClusteringMode.Localhost;

    public string ClusterId { get; set; } = "coordination-local";
    public string ServiceId { get; set; } = "coordination";

    /// <summary>In the cluster profile, instance N adds N to each port so silos on one machine never collide.</summary>
    public int Instance { get; set; }

    public int HttpPort { get; set; } = 5080;
    public int SiloPort { get; set; } = 11111;
    public int GatewayPort { get; set; } = 30000;

    /// <summary>Npgsql connection string; set Maximum Pool Size per silo (PostgreSQL allows a limited number of connections).</summary>
    public string Database { get; set; } = "";

    /// <summary>Apply silo-config/schema at start-up before the silo starts.</summary>
    public bool ApplySchema { get; set; } = true;

    /// <summary>text for people at a terminal, json for log collectors.</summary>
    public string LogFormat { get; set; } = "text";

    /// <summary>none, console or otlp (OTLP endpoint from the standard OTEL_EXPORTER_OTLP_ENDPOINT).</summary>
    public string TelemetryExporter { get; set; } = "none";

    /// <summary>A registry CSV (relative to the binary) imported at start-up; the import is idempotent.</summary>
    public string? DemoData { get; set; }

    /// <summary>How callers are authenticated (Coordination:Auth).</summary>
    public Security.AuthSettings Auth { get; set; } = new();

    /// <summary>A keyed request unfinished this long is taken to have died with its host; a retry then runs it.</summary>
    public TimeSpan IdempotencyAbandonedAfter { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long the first answer to a keyed request is kept for retries.</summary>
    public TimeSpan IdempotencyKeepFor { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Webhook delivery (Coordination:Webhooks).</summary>
    public Webhooks.WebhookSettings Webhooks { get; set; } = new();

    /// <summary>The address integrators reach this service at, used in webhook messages; default http://127.0.0.1:&lt;port&gt;.</summary>
    public string? PublicUrlSetting { get; set; }
    public string PublicUrl => (PublicUrlSetting ?? $"http://127.0.0.1:{EffectiveHttpPort}").TrimEnd('/');

    /// <summary>How often case clocks look at the time (Coordination:Clocks:CheckPeriod).</summary>
    public Coordination.Grains.CaseClockOptions Clocks { get; set; } = new();

    /// <summary>How long a case room stays live after its last renewal (Coordination:CaseRooms:Lease).</summary>
    public Coordination.Grains.CaseRoomOptions CaseRooms { get; set; } = new();

    public int EffectiveHttpPort => HttpPort == 0 ? 0 : HttpPort + Instance;
    public int EffectiveSiloPort => SiloPort + Instance;
    public int EffectiveGatewayPort => GatewayPort + Instance;
}

public enum ClusteringMode { Localhost, AdoNet }
