namespace Coordination.Server.Hosting;

/// <summary>
/// Loads the profile from silo-config/ and maps the short environment variables and arguments that the
/// README lists onto the "Coordination" section. Later sources win: the profile, then Coordination__* variables,
/// then long arguments (--Coordination:X=...), then the short variables, then the short arguments.
/// </summary>
public static class HostConfiguration
{
    private static readonly (string Variable, string Key)[] EnvironmentNames =
    [
        ("COORDINATION_DB", "Database"),
        ("COORDINATION_HTTP_PORT", "HttpPort"),
        ("COORDINATION_SILO_PORT", "SiloPort"),
        ("COORDINATION_GATEWAY_PORT", "GatewayPort"),
        ("COORDINATION_CLUSTER_ID", "ClusterId"),
        ("COORDINATION_SERVICE_ID", "ServiceId"),
        ("COORDINATION_INSTANCE", "Instance"),
        ("COORDINATION_LOG_FORMAT", "LogFormat"),
        ("COORDINATION_TELEMETRY", "TelemetryExporter"),
        ("COORDINATION_SIGNING_KEY", "Auth:SigningKey"),
        ("COORDINATION_AUTHORITY", "Auth:Authority"),
        ("COORDINATION_PUBLIC_URL", "PublicUrlSetting"),
        ("COORDINATION_WEBHOOKS_ALLOW_PRIVATE", "Webhooks:AllowPrivateNetworks"),
    ];

    private static readonly (string Argument, string Key)[] ArgumentNames =
    [
        ("--profile", "Profile"),
        ("--instance", "Instance"),
        ("--port", "HttpPort"),
        ("--db", "Database"),
    ];

    public static void AddCoordinationProfile(this ConfigurationManager configuration, string[] args)
    {
        var profile = ValueOf(args, "--profile")
            ?? Environment.GetEnvironmentVariable("COORDINATION_PROFILE")
            ?? configuration[$"{CoordinationSettings.Section}:Profile"]
            ?? "local";
        var file = Path.Combine(AppContext.BaseDirectory, "silo-config", $"{profile}.json");
        if (!File.Exists(file))
            throw new InvalidOperationException($"Unknown profile '{profile}': {file} does not exist (local, cluster, test).");
        configuration.AddJsonFile(file, optional: false, reloadOnChange: false);
        // The host read the environment and the arguments before the profile; read again after it, they win over it
        // (Coordination__Clocks__CheckPeriod=... as the README says, also for keys the profile sets).
        configuration.AddEnvironmentVariables();
        configuration.AddCommandLine(args);

        var overrides = new Dictionary<string, string?> { [Key("Profile")] = profile };
        foreach (var (variable, key) in EnvironmentNames)
            if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value) overrides[Key(key)] = value;
        foreach (var (argument, key) in ArgumentNames)
            if (ValueOf(args, argument) is { } value) overrides[Key(key)] = value;
        configuration.AddInMemoryCollection(overrides);
    }

    private static string Key(string name) => $"{CoordinationSettings.Section}:{name}";

    private static string? ValueOf(string[] args, string name)
    {
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == name && i + 1 < args.Length) return args[i + 1];
            if (args[i].StartsWith(name + "=", StringComparison.Ordinal)) return args[i][(name.Length + 1)..];
        }
        return null;
    }
}
