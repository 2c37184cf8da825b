using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Coordination.Domain.Common;

/// <summary>
/// Reads a registry code (a verband, municipality or school) as one shared string per distinct code. The same few
/// thousand codes recur in every case that names them; read as new strings they cost each idle case about 130 bytes
/// (W3 in docs/benchmarks.md). Only short strings are shared, and at most <see cref="MaxShared"/> of them, so bad
/// input can never grow the pool without bound.
/// </summary>
public sealed class SharedCode : JsonConverter<string>
{
    public const int MaxShared = 100_000;
    private const int MaxLength = 16;
    private static readonly ConcurrentDictionary<string, string> Pool = new(StringComparer.Ordinal);

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Share(reader.GetString());

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

    public static string? Share(string? code)
    {
        if (code is null || code.Length > MaxLength) return code;
        if (Pool.TryGetValue(code, out var shared)) return shared;
        return Pool.Count < MaxShared ? Pool.GetOrAdd(code, code) : code;
    }
}
