using System.Text.Json;
using System.Text.Json.Serialization;

namespace Coordination.Domain.Common;

/// <summary>
/// Reads a JSON array into an array of its exact size instead of a list with spare room, and an empty one into the
/// one shared empty array: every idle case keeps a few such lists (parties, their roles, advices, signals), and
/// the list objects and their spare capacity cost each case bytes that add up over 100,000 cases (W3 in
/// docs/benchmarks.md). For lists that are replaced whole, never edited in place.
/// </summary>
public sealed class CompactList<T> : JsonConverter<IReadOnlyList<T>>
{
    public override IReadOnlyList<T>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var items = JsonSerializer.Deserialize<T[]>(ref reader, options);
        return items is { Length: 0 } ? [] : items;
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<T> value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize<IEnumerable<T>>(writer, value, options);
}
