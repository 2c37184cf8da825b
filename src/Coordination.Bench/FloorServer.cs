using Coordination.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Coordination.Bench;

/// <summary>
/// W1's floor: the least that a transition over HTTP, persisted before it is answered, can cost on this machine.
/// Kestrel takes the request W1 sends the server (its path, bearer header and JSON body), reads the body, saves one
/// row in one statement through the server's own pool settings (<see cref="Database.Open"/>) and answers a small JSON.
/// No token check, no grain, no rules, no event log, no board. Its transitions/s ÷ pgbench tps is what any HTTP
/// service in front of this PostgreSQL reaches here, measured in the same run as the server's.
/// </summary>
/// <remarks>Runs as a process of its own (<c>Coordination.Bench --serve-floor PORT --db CONNECTION</c>), with the
/// server's runtime settings (<see cref="FloorProcess"/>), so its CPU is measured apart from the load generator's.</remarks>
public static class FloorServer
{
    public const int Cases = 4096;

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
        var app = builder.Build();
        app.MapGet("/ready", () => Results.Ok());
        app.MapPost("/floor/cases/{id:int}/transitions", async (int id, Transition body) =>
        {
            if (body.Trigger != "Move" || body.Municipality is not { Length: 6 }) return Results.BadRequest();
            await using var update = data.CreateCommand("update floor_case set version = version + 1, municipality = $2 where id = $1 returning version");
            update.Parameters.Add(new NpgsqlParameter<int> { TypedValue = id });
            update.Parameters.Add(new NpgsqlParameter<string> { TypedValue = body.Municipality });
            return await update.ExecuteScalarAsync() is long version ? Results.Ok(new { id, version }) : Results.NotFound();
        });
        await app.RunAsync();
    }
}
