namespace Coordination.Bench;

/// <summary>
/// CPU time that the server and PostgreSQL spent (user + system, from /proc), so a run can say what one transition
/// costs each of them. On a shared 2-core machine throughput swings between runs; CPU per transition barely does.
/// </summary>
public sealed class CpuMeter(int? serverPid, int? postgresPid)
{
    public sealed record Sample(double ServerMs, double PostgresMs);

    public int? PostgresPid => postgresPid;

    public Sample Read() => new(serverPid is { } s ? Milliseconds(s) : 0, postgresPid is { } p ? PostgresMilliseconds(p) : 0);

    /// <summary>
    /// The postmaster and its children (the backends serving the server's and pgbench's connections): those running,
    /// and those that ended, whose time the postmaster collected when it reaped them.
    /// </summary>
    private static double PostgresMilliseconds(int postmaster)
    {
        var total = Fields(postmaster) is { } own ? (Ticks(own) + double.Parse(own[13]) + double.Parse(own[14])) * 10.0 : 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == postmaster) continue;
            if (Fields(pid) is { } f && f[1] == postmaster.ToString()) total += Ticks(f) * 10.0;
        }
        return total;
    }

    private static double Milliseconds(int pid) => Fields(pid) is { } f ? Ticks(f) * 10.0 : 0; // 100 ticks a second on Linux

    private static double Ticks(string[] f) => double.Parse(f[11]) + double.Parse(f[12]);

    /// <summary>The fields of /proc/PID/stat after the command name (state first), or null when the process is gone.</summary>
    private static string[]? Fields(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (IOException) { return null; }
    }
}
