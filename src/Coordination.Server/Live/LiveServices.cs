using Coordination.Server.Api;
using Microsoft.AspNetCore.SignalR;

namespace Coordination.Server.Live;

public static class LiveServices
{
    /// <summary>SignalR with the API's JSON, and this host's observer in the cluster's live fan-out.</summary>
    public static IServiceCollection AddCoordinationLive(this IServiceCollection services)
    {
        // Stateful reconnect must stay off: its buffer would not count GroupFanOut's several messages in one write.
        services.AddSignalR().AddJsonProtocol(o => ApiJson.Configure(o.PayloadSerializerOptions));
        services.AddSingleton<LocalGroups>();
        services.AddSingleton<HubLifetimeManager<BoardHub>>(sp => sp.GetRequiredService<LocalGroups>());
        services.AddSingleton<GroupFanOut>();
        services.AddSingleton<LiveHostService>();
        services.AddHostedService(sp => sp.GetRequiredService<LiveHostService>());
        services.AddHostedService<CaseRoomLeases>();
        return services;
    }
}
