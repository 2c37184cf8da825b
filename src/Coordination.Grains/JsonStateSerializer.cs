using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans.Storage;

namespace Coordination.Grains;

/// <summary>
/// Stored grain state as plain JSON: camelCase, enums by name, no .NET type names. Renaming a class never
/// orphans stored rows (DESIGN.md fact 3); each state record carries its own schema version instead.
/// </summary>
public sealed class JsonStateSerializer : IGrainStorageSerializer
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public BinaryData Serialize<T>(T? input) => BinaryData.FromObjectAsJson(input, Options);

    public T? Deserialize<T>(BinaryData input) => input.ToObjectFromJson<T>(Options);
}
