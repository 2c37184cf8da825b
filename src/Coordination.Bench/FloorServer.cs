using Coordination.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using System.Text.Json;
using Npgsql;

namespace Coordination.Bench;

/// <summary>
/// The floor of W1 and W2: a minimal service doing the least a transition over HTTP, persisted before it is answered,
/// and its live update can do. Kestrel takes the request the bench sends the server (bearer header and JSON body; its
/// own path), reads the body, saves one row in one statement through the server's own pool settings
/// (<see cref="Database.Open"/>) and answers a small JSON. No token check, no grain, no rules, no event log, no
/// board. For W2 it then sends an update as heavy as the server's to a plain SignalR group (the default lifetime
/// manager). Measured in the same run as the server, the distance between the two is what the server's own work costs.
/// </summary>
/// <remarks>Runs as a process of its own (<c>Coordination.Bench --serve-floor PORT --db CONNECTION</c>), with the
/// server's runtime settings (<see cref="FloorProcess"/>), so its CPU is measured apart from the load generator's.</remarks>
public static class FloorServer
{
    public const int Cases = 4096;

    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    // {"type":1,"target":"board","arguments":[ ... ]}, the JSON hub protocol's invocation around an update.
    private const int InvocationBytes = 42;

    private sealed record Transition(string? Trigger, string? Municipality, string? Reason);

    public static async Task Serve(int port, string db)
    {
        await using var data = Database.Open(db);
        await using (var setup = data.CreateCommand(
            $"drop table if exists floor_case; create table floor_case (id int primary key, version bigint not null, municipality text);" +
            $"insert into floor_case select n, 0, 'GM0344' from generate_series(0, {Cases - 1}) n"))
            await setup.ExecuteNonQueryAsync();

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Services.AddSignalR();
        var app = builder.Build();
        app.MapGet("/ready", () => Results.Ok());
        app.MapHub<FloorHub>("/hubs/board");
        app.MapPost("/floor/cases/{id:int}/transitions", async (int id, Transition body) =>
        {
            if (body.Trigger != "Move" || body.Municipality is not { Length: 6 }) return Results.BadRequest();
            return await Save(data, id, body.Municipality) is { } version ? Whole(new { id, version }) : Results.NotFound();
        });
        app.MapPost("/floor/boards/{board}/cases/{id:int}/transitions", async (string board, int id, int size, IHubContext<FloorHub> hub) =>
        {
            if (await Save(data, id, "GM0344") is not { } version) return Results.NotFound();
            object Update(string rest) => new { group = board, from = version - 1, version, payload = new { change = new { summary = new { id = id.ToString(), version, rest } } } };
            // Padded so the whole hub message weighs what the server's did: the update, and the invocation around it.
            var bare = JsonSerializer.SerializeToUtf8Bytes(Update(""), Web).Length + InvocationBytes;
            var update = Update(new string('x', Math.Max(0, size - bare)));
            // Sent from the thread pool, as the server's host does: the answer does not wait for the fan-out.
            _ = Task.Run(() => hub.Clients.Group(board).SendAsync("board", update));
            return Whole(new { id, version });
        });
        await app.RunAsync();
    }

    /// <summary>The answer in one write with its Content-Length, as the server writes its own (Answers.cs).</summary>
    private static IResult Whole(object answer) => Results.Bytes(JsonSerializer.SerializeToUtf8Bytes(answer, Web), "application/json");

    private static async Task<long?> Save(NpgsqlDataSource data, int id, string municipality)
    {
        await using var update = data.CreateCommand("update floor_case set version = version + 1, municipality = $2 where id = $1 returning version");
        update.Parameters.Add(new NpgsqlParameter<int> { TypedValue = id });
        update.Parameters.Add(new NpgsqlParameter<string> { TypedValue = municipality });
        return await update.ExecuteScalarAsync() as long?;
    }
}

/// <summary>The floor's hub: what the bench's subscribers call on the server's (BoardHub), without its checks.</summary>
public sealed class FloorHub : Hub
{
    public Task WatchVerband(string code) => Groups.AddToGroupAsync(Context.ConnectionId, code);

    public long Echo(long value) => value;
}
