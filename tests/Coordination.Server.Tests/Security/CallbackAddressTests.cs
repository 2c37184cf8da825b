using System.Net;
using System.Net.Sockets;
using Coordination.Server.Tests.Infrastructure;
using Coordination.Server.Webhooks;

namespace Coordination.Server.Tests.Security;

/// <summary>
/// Webhook callbacks go to public addresses only (SSRF): a subscription naming a private host is refused with the
/// field named, and a delivery never connects to a name that resolves inside, unless the host allows private networks.
/// </summary>
public sealed class CallbackAddressTests
{
    [Theory]
    [InlineData("127.0.0.1", false)]
    [InlineData("10.1.2.3", false)]
    [InlineData("172.16.0.1", false)]
    [InlineData("172.31.255.255", false)]
    [InlineData("192.168.1.10", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("100.64.0.1", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("224.0.0.1", false)]
    [InlineData("::1", false)]
    [InlineData("fe80::1", false)]
    [InlineData("fd00::1", false)]
    [InlineData("::ffff:10.0.0.1", false)]
    [InlineData("64:ff9b::a00:5", false)]         // NAT64 of 10.0.0.5
    [InlineData("64:ff9b:1::1", false)]           // local-use NAT64
    [InlineData("2002:a00:1::1", false)]          // 6to4 of 10.0.0.1
    [InlineData("2001:0:4136:e378::1", false)]    // Teredo
    [InlineData("192.0.0.8", false)]
    [InlineData("198.18.0.1", false)]
    [InlineData("2002:9161:279b::1", true)]       // 6to4 of 145.97.39.155
    [InlineData("172.32.0.1", true)]
    [InlineData("145.97.39.155", true)]
    [InlineData("2a00:1450:400e:80f::200e", true)]
    public void Only_public_addresses_are_callback_targets(string address, bool isPublic) =>
        Assert.Equal(isPublic, CallbackAddresses.IsPublic(IPAddress.Parse(address)));

    [Theory]
    [InlineData("http://localhost:8080/hook", true)]
    [InlineData("http://receiver.localhost/hook", true)]
    [InlineData("http://[::1]/hook", true)]
    [InlineData("http://169.254.169.254/latest/meta-data", true)]
    [InlineData("https://integrator.example.nl/hook", false)]
    [InlineData("https://145.97.39.155/hook", false)]
    public void A_url_that_names_a_private_host_is_seen_as_such(string url, bool names) =>
        Assert.Equal(names, CallbackAddresses.NamesPrivateHost(new Uri(url)));

    [Fact]
    public async Task A_delivery_connects_to_a_name_that_resolves_inside_only_when_private_networks_are_allowed()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        try
        {
            await Assert.ThrowsAsync<HttpRequestException>(() => CallbackAddresses.ConnectAsync("localhost", port, allowPrivate: false, CancellationToken.None).AsTask());
            await using var stream = await CallbackAddresses.ConnectAsync("localhost", port, allowPrivate: true, CancellationToken.None);
            Assert.True(stream.CanWrite);
        }
        finally { listener.Stop(); }
    }

    [Fact]
    public async Task A_host_without_private_networks_refuses_such_a_subscription_and_names_the_field()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var server = await ServerProcess.StartAsync(new(db.ConnectionString,
            Environment: new Dictionary<string, string> { ["COORDINATION_WEBHOOKS_ALLOW_PRIVATE"] = "false" }));

        foreach (var url in new[] { "http://127.0.0.1:9/hook", "http://localhost/hook", "http://169.254.169.254/latest" })
        {
            var (status, body, _) = await server.Http.Post("/api/v1/webhooks", new { callbackUrl = url, channels = new[] { "cases" }, verband = "PO2601" });
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Equal(["callbackUrl"], body!["errors"]!.AsObject().Select(e => e.Key));
        }
        Assert.Empty((await server.Http.GetOk("/api/v1/webhooks")).AsArray());

        await server.Http.PostOk("/api/v1/webhooks", new { callbackUrl = "https://integrator.example.nl/hook", channels = new[] { "cases" }, verband = "PO2601" });
    }
}
