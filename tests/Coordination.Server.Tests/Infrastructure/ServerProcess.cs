using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;

namespace Coordination.Server.Tests.Infrastructure;

/// <summary>
/// The real server, started as its own process from the built Coordination.Server.dll (as scripts/run.sh does),
/// on its own ports and database. Stop() is a clean shutdown (SIGTERM, like Ctrl-C); Kill() is a crash.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    public int HttpPort { get; }
    public HttpClient Http { get; }
    public string Output { get { lock (_output) return _output.ToString(); } }

    private ServerProcess(Process process, int httpPort)
    {
        _process = process;
        HttpPort = httpPort;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public sealed record Options(string Database, string Profile = "test", string? ClusterId = null, int? SiloPort = null, int? GatewayPort = null,
        IReadOnlyDictionary<string, string>? Environment = null, int? HttpPort = null);

    public static async Task<ServerProcess> StartAsync(Options options)
    {
        var http = options.HttpPort ?? FreePorts.Next();
        var info = new ProcessStartInfo("dotnet", [ServerDll(), "--profile", options.Profile])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["COORDINATION_DB"] = options.Database;
        info.Environment["COORDINATION_HTTP_PORT"] = http.ToString();
        info.Environment["COORDINATION_SILO_PORT"] = (options.SiloPort ?? FreePorts.Next()).ToString();
        info.Environment["COORDINATION_GATEWAY_PORT"] = (options.GatewayPort ?? FreePorts.Next()).ToString();
        info.Environment["COORDINATION_CLUSTER_ID"] = options.ClusterId ?? "test-" + Guid.NewGuid().ToString("N")[..8];
        info.Environment["COORDINATION_LOG_FORMAT"] = "text";
        // The development sign-in exists only in Development; a test may ask for Production.
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        foreach (var (k, v) in options.Environment ?? new Dictionary<string, string>()) info.Environment[k] = v;

        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the server");
        var server = new ServerProcess(process, http);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await server.WaitReadyAsync();
        return server;
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    private async Task WaitReadyAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"server exited with {_process.ExitCode}:\n{Output}");
            try
            {
                if ((await Http.GetAsync("/health/ready")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            await Task.Delay(200);
        }
        throw new TimeoutException($"server not ready within 60 s:\n{Output}");
    }

    /// <summary>A clean stop, as Ctrl-C gives: SIGTERM, then wait for the process to end.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited) return;
        Process.Start("kill", ["-TERM", _process.Id.ToString()])!.WaitForExit();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(timeout.Token);
    }

    /// <summary>A crash: kill -9, nothing flushed.</summary>
    public async Task KillAsync()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        Http.Dispose();
        _process.Dispose();
    }

    /// <summary>The server built in the same configuration as these tests (scripts/test.sh builds Release).</summary>
    private static string ServerDll()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = AppContext.BaseDirectory.Contains("/Release/") ? "Release" : "Debug";
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Coordination.sln"))) dir = dir.Parent;
        if (dir is null) throw new InvalidOperationException("Coordination.sln not found above " + AppContext.BaseDirectory);
        var dll = Path.Combine(dir.FullName, "src", "Coordination.Server", "bin", configuration, "net10.0", "Coordination.Server.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("build the server first", dll);
    }
}
