using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace Coordination.Server.Tests.Infrastructure;

/// <summary>One live update as a client receives it.</summary>
public sealed record LiveUpdate(string Kind, string Group, long From, long Version, JsonElement Payload);

/// <summary>A real SignalR client of /hubs/board, signed in with the development identity, recording what it receives.</summary>
public sealed class LiveClient : IAsyncDisposable
{
    public HubConnection Connection { get; }
    public BlockingCollection<LiveUpdate> Updates { get; } = [];

    private LiveClient(HubConnection connection)
    {
        Connection = connection;
        foreach (var kind in new[] { "case", "board", "expertteam", "presence" })
            connection.On<JsonElement>(kind, m => Updates.Add(new LiveUpdate(kind,
                m.GetProperty("group").GetString()!, m.GetProperty("from").GetInt64(), m.GetProperty("version").GetInt64(), m.GetProperty("payload").Clone())));
    }

    public static async Task<LiveClient> ConnectAsync(int httpPort, string name, string organisation)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") };
        var token = await http.Token(name, organisation);
        var client = new LiveClient(new HubConnectionBuilder()
            .WithUrl($"http://127.0.0.1:{httpPort}/hubs/board", o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build());
        await client.Connection.StartAsync();
        return client;
    }

    /// <summary>The next update of a kind, or a failure naming what did arrive.</summary>
    public LiveUpdate Next(string kind, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(10));
        while (DateTime.UtcNow < deadline)
            if (Updates.TryTake(out var update, deadline - DateTime.UtcNow) && update.Kind == kind) return update;
        throw new TimeoutException($"no '{kind}' update within the time");
    }

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();
}
