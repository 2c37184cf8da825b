using System.Text.Json;
using System.Text.Json.Serialization;

namespace Coordination.Domain.Common;

/// <summary>
/// Reads a JSON array into an array of its exact size instead of a list with spare room: every idle case keeps a
/// few such lists (a party's roles), and the list object and its spare capacity cost each of them bytes that add up
/// over 100,000 cases (W3 in docs/benchmarks.md).
/// </summary>
public sealed class CompactList<T> : JsonConverter<IReadOnlyList<T>>
{
    public override IReadOnlyList<T>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        JsonSerializer.Deserialize<T[]>(ref reader, options);

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<T> value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize<IEnumerable<T>>(writer, value, options);
}
