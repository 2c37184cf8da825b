namespace Coordination.Server.Webhooks;

public static class WebhookServices
{
    /// <summary>The case grains write their events to the outbox (the store is their event sink); the dispatcher delivers it.</summary>
    public static IServiceCollection AddCoordinationWebhooks(this IServiceCollection services)
    {
        services.AddSingleton<WebhookStore>();
        services.AddSingleton<Grains.ICaseEventSink>(sp => sp.GetRequiredService<WebhookStore>());
        services.AddHostedService<WebhookDispatcher>();
        services.AddSingleton<HandOverSweepStore>();
        services.AddHostedService<HandOverSweep>();
        services.AddHttpClient(WebhookDispatcher.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(5))
            .ConfigurePrimaryHttpMessageHandler(sp =>
            {
                var allowPrivate = sp.GetRequiredService<Hosting.CoordinationSettings>().Webhooks.AllowPrivateNetworks;
                return new SocketsHttpHandler
                {
                    AllowAutoRedirect = false, // a redirect could point inside as well
                    UseProxy = false, // through a proxy the check below would see the proxy's address, not the callback's
                    ConnectCallback = (context, ct) => CallbackAddresses.ConnectAsync(context.DnsEndPoint.Host, context.DnsEndPoint.Port, allowPrivate, ct),
                };
            });
        return services;
    }
}
