using Coordination.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Coordination.Grains;

/// <summary>What the grains need from the container on every silo: domain serialization, their clock, clock options.</summary>
public static class GrainServices
{
    /// <summary>
    /// The clock of the domain (deadlines, history). Keyed, so tests can move the case clocks without
    /// moving the time Orleans itself runs on (membership, reminders' own scheduling).
    /// </summary>
    public const string ClockKey = "coordination";

    public static IServiceCollection AddCoordinationGrains(this IServiceCollection services)
    {
        services.AddCoordinationSerialization();
        services.TryAddKeyedSingleton(ClockKey, TimeProvider.System);
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<CaseClockOptions>();
        services.AddOptions<PresenceOptions>();
        NoCaseEventSink.AddDefault(services);
        MemoryBoardStore.AddDefault(services);
        MemoryCaseEventLog.AddDefault(services);
        services.TryAddSingleton<LivePublisher>();
        services.AddHostedService(sp => sp.GetRequiredService<LivePublisher>());
        return services;
    }
}
