using System.Diagnostics;

namespace Coordination.Server.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL instance of a test's own (scripts/db.sh in a temporary folder on a free port), so the test can stop
/// and start it without touching the database the other tests share.
/// </summary>
public sealed class PrivatePostgres : IAsyncDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "coordination-pg-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly int _port = FreePorts.Next();

    public string ConnectionString => $"Host=127.0.0.1;Port={_port};Database=coordination;Username=coordination;Maximum Pool Size=20;Timeout=3";

    public static async Task<PrivatePostgres> StartAsync()
    {
        var pg = new PrivatePostgres();
        await pg.Db("start");
        return pg;
    }

    public Task Start() => Db("start");
    public Task Stop() => Db("stop");

    private async Task Db(string command)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Coordination.sln"))) dir = dir.Parent;
        var info = new ProcessStartInfo("bash", [Path.Combine(dir!.FullName, "scripts", "db.sh"), command]) { RedirectStandardError = true, RedirectStandardOutput = true };
        info.Environment["COORDINATION_PG_DIR"] = _dir;
        info.Environment["COORDINATION_PG_PORT"] = _port.ToString();
        info.Environment["COORDINATION_PG_DB"] = "coordination";
        using var process = Process.Start(info)!;
        var output = await process.StandardError.ReadToEndAsync() + await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"db.sh {command}: {output}");
    }

    public async ValueTask DisposeAsync()
    {
        try { await Stop(); } catch (InvalidOperationException) { }
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
