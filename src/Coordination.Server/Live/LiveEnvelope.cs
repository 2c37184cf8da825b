using System.Text.Json;
using System.Text.Json.Serialization;

namespace Coordination.Server.Live;

/// <summary>What a SignalR client receives: the group, the versions it goes from and to, and the update itself.</summary>
public sealed record LiveEnvelope(string Group, long From, long Version, RawJson Payload);

/// <summary>
/// JSON that is written as it is: an update's payload was made JSON once by the grain that published it, so a host
/// passes it on without parsing it and writing it again.
/// </summary>
[JsonConverter(typeof(RawJsonConverter))]
public sealed record RawJson(string Json);

public sealed class RawJsonConverter : JsonConverter<RawJson>
{
    public override RawJson Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return new RawJson(document.RootElement.GetRawText());
    }

    public override void Write(Utf8JsonWriter writer, RawJson value, JsonSerializerOptions options) => writer.WriteRawValue(value.Json);
}
