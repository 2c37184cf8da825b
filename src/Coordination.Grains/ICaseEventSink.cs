using Coordination.Domain.Cases;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Coordination.Grains;

/// <summary>
/// Where a case sends the events it just saved, for integrators (webhooks). The host supplies the real one; without
/// it (grain tests) events go nowhere.
/// </summary>
public interface ICaseEventSink
{
    /// <param name="concerned">The organisations the change concerns: the case's parties (verbanden, municipality,
    /// schools) and those it just took off the case.</param>
    Task Publish(string caseId, IReadOnlyList<string> concerned, IReadOnlyList<CaseEvent> events);
}

public sealed class NoCaseEventSink : ICaseEventSink
{
    public Task Publish(string caseId, IReadOnlyList<string> concerned, IReadOnlyList<CaseEvent> events) => Task.CompletedTask;

    public static void AddDefault(IServiceCollection services) => services.TryAddSingleton<ICaseEventSink, NoCaseEventSink>();
}
