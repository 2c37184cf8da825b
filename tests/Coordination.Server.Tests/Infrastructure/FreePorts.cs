using System.Net;
using System.Net.Sockets;

namespace Coordination.Server.Tests.Infrastructure;

/// <summary>Every host a test starts gets ports of its own (DESIGN.md fact 4: a reused silo port kills the other silo).</summary>
public static class FreePorts
{
    private static readonly object Gate = new();
    private static readonly HashSet<int> Handed = [];

    public static int Next()
    {
        lock (Gate)
        {
            while (true)
            {
                using var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                if (Handed.Add(port)) return port;
            }
        }
    }
}
