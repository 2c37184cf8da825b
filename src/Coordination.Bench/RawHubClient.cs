using System.Buffers;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;

namespace Coordination.Bench;

/// <summary>
/// Just enough of SignalR's JSON hub protocol over one WebSocket for W2: the handshake, invocations with their
/// completions, pings, and each incoming invocation handed over as its raw bytes. A subscriber that only needs two
/// fields of an update costs far less CPU than the full client, which parses every update into objects; on a machine
/// the server shares with 1,000 subscribers that parsing, not the server, set the latency (docs/benchmarks.md, W2).
/// </summary>
public sealed class RawHubClient : IAsyncDisposable
{
    private const byte Separator = 0x1e;
    private static readonly byte[] Ping = Encoding.UTF8.GetBytes("{\"type\":6}\u001e");
    private readonly ClientWebSocket _socket = new();
    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<string>> _pending = new();
    private readonly Action<ReadOnlyMemory<byte>> _onInvocation;
    private readonly CancellationTokenSource _stop = new();
    private Task _receiving = Task.CompletedTask;
    private Timer? _pinging;
    private int _nextId;

    private RawHubClient(Action<ReadOnlyMemory<byte>> onInvocation) => _onInvocation = onInvocation;

    /// <summary>Connects straight over WebSockets (no negotiation) and completes the JSON protocol handshake.</summary>
    public static async Task<RawHubClient> Connect(string baseUrl, string path, string token, Action<ReadOnlyMemory<byte>> onInvocation)
    {
        var client = new RawHubClient(onInvocation);
        var url = new Uri($"{baseUrl.Replace("http://", "ws://").Replace("https://", "wss://")}{path}?access_token={Uri.EscapeDataString(token)}");
        await client._socket.ConnectAsync(url, CancellationToken.None);
        await client.Send(Encoding.UTF8.GetBytes("{\"protocol\":\"json\",\"version\":1}\u001e"));
        var handshake = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        client._receiving = client.Receive(handshake);
        var answer = await handshake.Task;
        if (answer.Contains("\"error\"")) throw new InvalidOperationException($"handshake refused: {answer}");
        // The server drops a client it has not heard from in 30 s.
        client._pinging = new Timer(_ => _ = client.Send(Ping), null, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10));
        return client;
    }

    /// <summary>Calls a hub method with arguments already in JSON; returns the completion message.</summary>
    public async Task<string> Invoke(string target, string argumentsJson)
    {
        var id = Interlocked.Increment(ref _nextId).ToString();
        var completion = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = completion;
        await Send(Encoding.UTF8.GetBytes($"{{\"type\":1,\"invocationId\":\"{id}\",\"target\":\"{target}\",\"arguments\":[{argumentsJson}]}}\u001e"));
        var message = await completion.Task;
        if (message.Contains("\"error\"")) throw new InvalidOperationException($"{target} failed: {message}");
        return message;
    }

    private async Task Send(byte[] frame)
    {
        await _sending.WaitAsync();
        try { await _socket.SendAsync(frame, WebSocketMessageType.Text, true, CancellationToken.None); }
        catch (WebSocketException) { } // closed: the receive loop ends as well
        finally { _sending.Release(); }
    }

    private async Task Receive(TaskCompletionSource<string> handshake)
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var result = await _socket.ReceiveAsync(buffer.GetMemory(8 * 1024), _stop.Token);
                if (result.MessageType == WebSocketMessageType.Close) break;
                buffer.Advance(result.Count);
                var consumed = 0;
                var span = buffer.WrittenMemory;
                int end;
                while ((end = span.Span[consumed..].IndexOf(Separator)) >= 0)
                {
                    Dispatch(span.Slice(consumed, end), handshake);
                    consumed += end + 1;
                }
                if (consumed > 0)
                {
                    var rest = span[consumed..].ToArray();
                    buffer.ResetWrittenCount();
                    buffer.Write(rest);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException) { }
        foreach (var pending in _pending.Values) pending.TrySetException(new WebSocketException("connection closed"));
    }

    private void Dispatch(ReadOnlyMemory<byte> message, TaskCompletionSource<string> handshake)
    {
        if (!handshake.Task.IsCompleted) { handshake.TrySetResult(Encoding.UTF8.GetString(message.Span)); return; }
        var span = message.Span;
        if (span.StartsWith("{\"type\":1,"u8)) _onInvocation(message);
        else if (span.StartsWith("{\"type\":3,"u8))
        {
            var text = Encoding.UTF8.GetString(span);
            var start = text.IndexOf("\"invocationId\":\"", StringComparison.Ordinal) + 16;
            var id = text[start..text.IndexOf('"', start)];
            if (_pending.TryRemove(id, out var completion)) completion.TrySetResult(text);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _pinging?.Dispose();
        try { await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None); }
        catch (WebSocketException) { }
        _stop.CancelAfter(TimeSpan.FromSeconds(2));
        await _receiving;
        _socket.Dispose();
    }
}
