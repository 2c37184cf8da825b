using System.Text.Json;
using System.Text.Json.Serialization;

namespace Coordination.Server.Api;

/// <summary>The API's JSON: camelCase, enums by name, unknown properties refused so a typo is not silently ignored.</summary>
public static class ApiJson
{
    public static readonly JsonSerializerOptions Options = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions o)
    {
        o.Converters.Add(new JsonStringEnumConverter());
        o.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        return o;
    }
}
