using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Serialization.Cloning;

namespace Coordination.Contracts;

/// <summary>
/// The domain library knows nothing of Orleans, so its types cross grain calls as JSON. Every silo and client
/// of this cluster registers this.
/// </summary>
public static class DomainSerialization
{
    public static ISerializerBuilder AddCoordinationTypes(this ISerializerBuilder serializer)
    {
        // Before the JSON codec: Orleans asks the copiers in the order they were added.
        serializer.Services.AddSingleton<IGeneralizedCopier, SharedDomainValues>();
        return serializer.AddJsonSerializer(isSupported: type => type.Namespace?.StartsWith("Coordination.Domain", StringComparison.Ordinal) == true);
    }

    public static IServiceCollection AddCoordinationSerialization(this IServiceCollection services) =>
        services.AddSerializer(s => s.AddCoordinationTypes());
}
