using System.Net;
using System.Net.Sockets;

namespace Coordination.Server.Webhooks;

/// <summary>
/// Where webhook callbacks may go: public addresses only, unless the host allows private networks (development and
/// tests, whose receivers listen on 127.0.0.1). Any verband coordinator may subscribe a URL; a callback into the
/// host's own network would let them make the server call internal services (SSRF). Checked twice: when a
/// subscription is made (an address or localhost in the URL), and when a delivery connects (the addresses the name
/// resolves to at that moment, so a name that later points inside is refused too). Redirects are not followed.
/// </summary>
public static class CallbackAddresses
{
    public const string Refusal = "must be a public address: callbacks into private, loopback or link-local networks are refused";

    /// <summary>True when the URL itself names a host that is not public (an address, or localhost).</summary>
    public static bool NamesPrivateHost(Uri url) =>
        url.IsLoopback
        || url.DnsSafeHost.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
        || IPAddress.TryParse(url.DnsSafeHost, out var address) && !IsPublic(address);

    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily == AddressFamily.InterNetwork) return IsPublicV4(address.GetAddressBytes());
        var b = address.GetAddressBytes();
        // Forms that carry an IPv4 address inside: the check is on that one.
        if (b.Take(12).All(x => x == 0)) return IsPublicV4(b[12..]);                                          // ::a.b.c.d
        if (b[..12].SequenceEqual(Nat64Prefix)) return IsPublicV4(b[12..]);                                   // 64:ff9b::/96
        if (b[0] == 0x20 && b[1] == 0x02) return IsPublicV4(b[2..6]);                                         // 6to4 2002::/16
        if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0) return false;                             // Teredo 2001::/32
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b[4] == 0 && b[5] == 1) return false; // local NAT64
        return !(IPAddress.IsLoopback(address) || address.Equals(IPAddress.IPv6Any) || address.IsIPv6LinkLocal
            || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || address.IsIPv6Multicast);
    }

    private static readonly byte[] Nat64Prefix = [0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0];

    private static bool IsPublicV4(byte[] b) =>
        !(b[0] is 0 or 10 or 127 or >= 224
            || b[0] == 100 && b[1] is >= 64 and <= 127   // carrier-grade NAT
            || b[0] == 169 && b[1] == 254                // link-local, cloud metadata
            || b[0] == 172 && b[1] is >= 16 and <= 31
            || b[0] == 192 && b[1] == 168
            || b[0] == 192 && b[1] == 0 && b[2] == 0     // IETF protocol assignments
            || b[0] == 198 && b[1] is 18 or 19);         // benchmarking

    /// <summary>Connects to the host's first reachable allowed address; refuses when it resolves to none.</summary>
    public static async ValueTask<Stream> ConnectAsync(string host, int port, bool allowPrivate, CancellationToken ct)
    {
        var addresses = await Dns.GetHostAddressesAsync(host, ct);
        var allowed = allowPrivate ? addresses : addresses.Where(IsPublic).ToArray();
        if (allowed.Length == 0)
            throw new HttpRequestException($"callback host {host} resolves to no public address; this host calls public addresses only");
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
