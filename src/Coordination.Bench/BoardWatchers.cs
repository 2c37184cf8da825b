using System.Buffers.Text;
using System.Diagnostics;
using System.Text;
using Microsoft.AspNetCore.SignalR.Client;

namespace Coordination.Bench;

/// <summary>One W2 subscriber: watches a verband board, reports each card update that arrives, and measures echoes.</summary>
public interface IWatcher : IAsyncDisposable
{
    /// <summary>One bare round trip through the hub (its Echo method), in milliseconds.</summary>
    Task<double> EchoMs();
}

/// <summary>A subscriber on the .NET SignalR client, reading only the two fields it needs of each update.</summary>
public sealed class SignalRWatcher(HubConnection hub) : IWatcher
{
    private sealed record BoardUpdate(BoardPayload? Payload);
    private sealed record BoardPayload(BoardChange? Change);
    private sealed record BoardChange(CardVersion? Summary);
    private sealed record CardVersion(string Id, long Version);

    public static async Task<IWatcher> Connect(string baseUrl, string token, string verband, Action<string, long> arrived)
    {
        var hub = new HubConnectionBuilder()
            .WithUrl($"{baseUrl}/hubs/board", o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();
        hub.On<BoardUpdate>("board", m =>
        {
            if (m.Payload?.Change?.Summary is { } card) arrived(card.Id, card.Version);
        });
        await hub.StartAsync();
        await hub.InvokeAsync("WatchVerband", verband);
        return new SignalRWatcher(hub);
    }

    public async Task<double> EchoMs()
    {
        var start = Stopwatch.GetTimestamp();
        await hub.InvokeAsync<long>("Echo", start);
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    public ValueTask DisposeAsync() => hub.DisposeAsync();
}

/// <summary>A subscriber on <see cref="RawHubClient"/>: finds the card's id and version in the update's bytes.</summary>
public sealed class RawWatcher(RawHubClient hub) : IWatcher
{
    public static async Task<IWatcher> Connect(string baseUrl, string token, string verband, Action<string, long> arrived)
    {
        var hub = await RawHubClient.Connect(baseUrl, "/hubs/board", token, message =>
        {
            if (TryReadCard(message.Span, out var id, out var version)) arrived(id, version);
        });
        await hub.Invoke("WatchVerband", $"\"{verband}\"");
        return new RawWatcher(hub);
    }

    /// <summary>The card in a board update: payload.change.summary, whose first two properties are id and version.</summary>
    public static bool TryReadCard(ReadOnlySpan<byte> message, out string id, out long version)
    {
        (id, version) = ("", 0);
        var at = message.IndexOf("\"summary\":{\"id\":\""u8);
        if (at < 0) return false;
        var rest = message[(at + 17)..];
        var quote = rest.IndexOf((byte)'"');
        id = Encoding.UTF8.GetString(rest[..quote]);
        rest = rest[quote..];
        var field = rest.IndexOf("\"version\":"u8);
        return field >= 0 && Utf8Parser.TryParse(rest[(field + 10)..], out version, out _);
    }

    public async Task<double> EchoMs()
    {
        var start = Stopwatch.GetTimestamp();
        await hub.Invoke("Echo", start.ToString());
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    public ValueTask DisposeAsync() => hub.DisposeAsync();
}
