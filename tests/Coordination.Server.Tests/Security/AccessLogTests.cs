using System.Net;
using Coordination.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Npgsql;

namespace Coordination.Server.Tests.Security;

/// <summary>Every read of a child's file is logged (who, organisation, role, when, what), append-only, and shown to the parties.</summary>
[Collection(ServerCollection.Name)]
public sealed class AccessLogTests(ServerFixture fixture)
{
    private HttpClient Http => fixture.Http;

    [Fact]
    public async Task Reads_of_a_case_are_logged_with_who_and_what_and_shown_to_its_parties_only()
    {
        var id = await Http.OpenCase(Cases.LivesInEemlandSchoolInUtrecht());
        await Http.GetOk($"/api/v1/cases/{id}", "PO2602");
        await Http.GetOk($"/api/v1/cases/{id}/history", "PO2601");
        await Http.GetOk($"/api/v1/cases/{id}/coordination", "PO2601");
        Assert.Equal(HttpStatusCode.NotFound, (await Http.Get($"/api/v1/cases/{id}", "PO2603")).Status);
        await using (var live = await LiveClient.ConnectAsync(fixture.Server!.HttpPort, "Anne", "PO2601"))
            await live.Connection.InvokeAsync<object>("JoinCase", id);

        var log = await Http.GetOk($"/api/v1/cases/{id}/access-log", "PO2602");

        var entries = log["entries"]!.AsArray().Select(e => $"{(string)e!["organisation"]!}:{(string)e["what"]!}:{(string)e["role"]!}").ToList();
        Assert.Equal(["PO2601:case room:coordinator", "PO2601:coordination:coordinator", "PO2601:history:coordinator", "PO2602:case:coordinator"], entries);
        Assert.DoesNotContain(entries, e => e.StartsWith("PO2603"));
        Assert.Equal(HttpStatusCode.NotFound, (await Http.Get($"/api/v1/cases/{id}/access-log", "PO2603")).Status);
    }

    [Fact]
    public async Task The_database_refuses_to_change_or_delete_the_access_log()
    {
        var id = await Http.OpenCase(Cases.OneVerband());
        await Http.GetOk($"/api/v1/cases/{id}");
        await using var ds = fixture.Database!.DataSource();

        foreach (var sql in new[] { $"update case_access_log set organisation = 'x' where case_id = '{id}'", $"delete from case_access_log where case_id = '{id}'", "truncate case_access_log" })
        {
            await using var cmd = ds.CreateCommand(sql);
            var refused = await Assert.ThrowsAsync<PostgresException>(() => cmd.ExecuteNonQueryAsync());
            Assert.Contains("append-only", refused.MessageText);
        }
        Assert.Equal(1L, await fixture.Database.Scalar<long>($"select count(*) from case_access_log where case_id = '{id}'"));
    }
}
