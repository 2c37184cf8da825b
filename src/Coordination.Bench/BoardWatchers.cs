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
    /// <summary>The card updates every raw subscriber received, and their bytes (what the floor's updates weigh, W2).</summary>
    public static class Received
    {
        private static long _count, _bytes;

        public static void Reset() => (_count, _bytes) = (0, 0);

        public static void Add(int bytes)
        {
            Interlocked.Increment(ref _count);
            Interlocked.Add(ref _bytes, bytes);
        }

        public static double AverageBytes => _count == 0 ? 0 : (double)Interlocked.Read(ref _bytes) / Interlocked.Read(ref _count);
    }

    public static async Task<IWatcher> Connect(string baseUrl, string token, string verband, Action<string, long> arrived)
    {
        var hub = await RawHubClient.Connect(baseUrl, "/hubs/board", token, message =>
        {
            if (!TryReadCard(message.Span, out var id, out var version)) return;
            Received.Add(message.Length);
            arrived(id, version);
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
