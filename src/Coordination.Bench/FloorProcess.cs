using System.Diagnostics;
using System.Net.Sockets;

namespace Coordination.Bench;

/// <summary>The floor server (<see cref="FloorServer"/>) as a child process of the load generator, stopped with it.</summary>
public sealed class FloorProcess : IDisposable
{
    private readonly Process _process;

    public string Url { get; }
    public int Pid => _process.Id;

    private FloorProcess(Process process, string url) => (_process, Url) = (process, url);

    public static async Task<FloorProcess> Start(string db)
    {
        var port = FreePort();
        // Not redirected: nobody would read it, and a full pipe would stop the child. It logs nothing but failures.
        // The same runtime as this process: the dotnet host with this assembly, or this program's own executable.
        var host = Environment.ProcessPath ?? "dotnet";
        var info = new ProcessStartInfo(host);
        if (Path.GetFileNameWithoutExtension(host) == "dotnet") info.ArgumentList.Add(typeof(FloorServer).Assembly.Location);
        foreach (var arg in new[] { "--serve-floor", port.ToString(), "--db", db }) info.ArgumentList.Add(arg);
        // The server's runtime settings: server GC (the Web SDK's default), as in Coordination.Server.runtimeconfig.json;
        // idle workers that do not spin come with this project's own runtimeconfig, as with the server's.
        info.Environment["DOTNET_gcServer"] = "1";
        var floor = new FloorProcess(Process.Start(info)!, $"http://127.0.0.1:{port}");
        using var http = new HttpClient();
        for (var i = 0; i < 60; i++)
        {
            if (floor._process.HasExited) throw new InvalidOperationException($"the floor server stopped (exit code {floor._process.ExitCode}); see above");
            try
            {
                if ((await http.GetAsync($"{floor.Url}/ready")).IsSuccessStatusCode) return floor;
            }
            catch (HttpRequestException) { }
            await Task.Delay(500);
        }
        floor.Dispose();
        throw new TimeoutException("the floor server did not answer within 30 s");
    }

    private static int FreePort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        return ((System.Net.IPEndPoint)socket.LocalEndPoint!).Port;
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
        _process.Dispose();
    }
}
