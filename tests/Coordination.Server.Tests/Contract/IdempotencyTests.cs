using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Coordination.Server.Tests.Infrastructure;

namespace Coordination.Server.Tests.Contract;

/// <summary>A retry with the same Idempotency-Key returns the first answer and changes nothing.</summary>
[Collection(ServerCollection.Name)]
public sealed class IdempotencyTests(ServerFixture fixture)
{
    private HttpClient Http => fixture.Http;

    private async Task<HttpResponseMessage> Post(string path, object body, string key, string organisation = ApiClient.DefaultOrganisation,
        string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await Http.Token("integratie", organisation));
        request.Headers.Add("Idempotency-Key", key);
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return await Http.SendAsync(request);
    }

    [Fact]
    public async Task Parallel_requests_with_one_key_open_one_case_and_the_ones_that_find_it_running_are_told_when_to_retry()
    {
        var key = Guid.NewGuid().ToString();
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Post("/api/v1/cases", Cases.OneVerband(), key)));

        var created = answers.Where(a => a.StatusCode == HttpStatusCode.Created).ToList();
        Assert.NotEmpty(created);
        Assert.Single(created.Select(a => a.Headers.Location).Distinct());
        foreach (var running in answers.Where(a => a.StatusCode != HttpStatusCode.Created))
        {
            Assert.Equal(HttpStatusCode.Conflict, running.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(1), running.Headers.RetryAfter!.Delta);
            Assert.EndsWith("/problems/in-progress", (string)JsonNode.Parse(await running.Content.ReadAsStringAsync())!["type"]!);
        }
        // A retry after the first finished gets its answer.
        var retry = await Post("/api/v1/cases", Cases.OneVerband(), key);
        Assert.Equal(created[0].Headers.Location, retry.Headers.Location);
    }

    [Fact]
    public async Task A_stale_If_Match_is_not_kept_so_the_same_key_with_the_version_read_again_goes_through()
    {
        var id = await Http.OpenCase(Cases.OneVerband());
        var version = (long)(await Http.GetOk($"/api/v1/cases/{id}"))["version"]!;
        var key = Guid.NewGuid().ToString();
        var intake = new { trigger = "StartIntake" };

        var stale = await Post($"/api/v1/cases/{id}/transitions", intake, key, ifMatch: $"\"{version + 5}\"");
        var again = await Post($"/api/v1/cases/{id}/transitions", intake, key, ifMatch: $"\"{version}\"");
        var retry = await Post($"/api/v1/cases/{id}/transitions", intake, key, ifMatch: $"\"{version}\"");

        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.False(again.Headers.Contains("Idempotency-Replayed"));
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal("true", retry.Headers.GetValues("Idempotency-Replayed").Single());
        var history = (await Http.GetOk($"/api/v1/cases/{id}/history")).AsArray();
        Assert.Single(history, e => (string)e!["what"]! == "StartIntake");
    }

    [Fact]
    public async Task Opening_a_case_twice_with_one_key_creates_one_case_and_answers_the_same()
    {
        var key = Guid.NewGuid().ToString();
        var first = await Post("/api/v1/cases", Cases.OneVerband(), key);
        var retry = await Post("/api/v1/cases", Cases.OneVerband(), key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        Assert.Equal("true", retry.Headers.GetValues("Idempotency-Replayed").Single());
        var board = await Http.GetOk("/api/v1/verbanden/PO2601/cases?pageSize=200");
        var id = (string)JsonNode.Parse(await first.Content.ReadAsStringAsync())!["id"]!;
        Assert.Single(board["cases"]!.AsArray(), c => (string)c!["id"]! == id);
    }

    [Fact]
    public async Task A_retried_transition_is_applied_once_and_the_same_key_for_another_request_is_refused()
    {
        var id = await Http.OpenCase(Cases.OneVerband());
        var key = Guid.NewGuid().ToString();
        var signal = new { trigger = "RecordSignal", signal = "Zorg", parentsInformed = true, reason = "melding" };

        var first = await Post($"/api/v1/cases/{id}/transitions", signal, key);
        var retry = await Post($"/api/v1/cases/{id}/transitions", signal, key);
        var other = await Post($"/api/v1/cases/{id}/transitions", new { trigger = "StartIntake" }, key);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(first.Headers.ETag, retry.Headers.ETag);
        Assert.Equal(HttpStatusCode.BadRequest, other.StatusCode);
        Assert.Contains("Idempotency-Key", await other.Content.ReadAsStringAsync());
        var history = (await Http.GetOk($"/api/v1/cases/{id}/history")).AsArray();
        Assert.Single(history, e => (string)e!["what"]! == "RecordSignal");
        Assert.DoesNotContain(history, e => (string)e!["what"]! == "StartIntake");
    }

    [Fact]
    public async Task Keys_belong_to_the_calling_organisation_and_a_refused_request_is_replayed_as_refused()
    {
        var key = Guid.NewGuid().ToString();
        var bad = await Post("/api/v1/cases", new { parentsInformed = true, student = new { name = "" } }, key);
        var again = await Post("/api/v1/cases", new { parentsInformed = true, student = new { name = "" } }, key);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(await bad.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());

        // Another organisation using the same key string is a different key.
        var elsewhere = await Post("/api/v1/cases", Cases.LivesInEemlandSchoolInUtrecht(), key, "PO2602");
        Assert.Equal(HttpStatusCode.Created, elsewhere.StatusCode);
    }

    [Fact]
    public async Task When_the_answer_was_lost_a_retry_reaches_the_same_case_and_changes_nothing()
    {
        var openKey = Guid.NewGuid().ToString();
        var signalKey = Guid.NewGuid().ToString();
        var opened = await Post("/api/v1/cases", Cases.OneVerband(), openKey);
        var id = (string)JsonNode.Parse(await opened.Content.ReadAsStringAsync())!["id"]!;
        var signal = new { trigger = "RecordSignal", signal = "Zorg", parentsInformed = true };
        Assert.Equal(HttpStatusCode.OK, (await Post($"/api/v1/cases/{id}/transitions", signal, signalKey)).StatusCode);

        // The host died after the grains saved the changes but before the answers were kept.
        await using (var ds = fixture.Database!.DataSource())
        await using (var forget = ds.CreateCommand($"delete from idempotency_key where key in ('{openKey}', '{signalKey}')"))
            Assert.Equal(2, await forget.ExecuteNonQueryAsync());

        var reopened = await Post("/api/v1/cases", Cases.OneVerband(), openKey);
        var resignalled = await Post($"/api/v1/cases/{id}/transitions", signal, signalKey);

        Assert.Equal(HttpStatusCode.Created, reopened.StatusCode);
        Assert.Equal(id, (string)JsonNode.Parse(await reopened.Content.ReadAsStringAsync())!["id"]!);
        Assert.Equal(HttpStatusCode.OK, resignalled.StatusCode);
        var history = (await Http.GetOk($"/api/v1/cases/{id}/history")).AsArray().Select(e => (string)e!["what"]!).ToList();
        Assert.Equal(["Application", "RecordSignal"], history);
    }

    [Fact]
    public async Task Answers_older_than_the_keep_period_are_forgotten_by_the_host()
    {
        var key = Guid.NewGuid().ToString();
        Assert.Equal(HttpStatusCode.Created, (await Post("/api/v1/cases", Cases.OneVerband(), key)).StatusCode);
        await using var ds = fixture.Database!.DataSource();
        await using (var age = ds.CreateCommand($"update idempotency_key set created_at = now() - interval '2 days' where key = '{key}'"))
            Assert.Equal(1, await age.ExecuteNonQueryAsync());

        // The clean-up runs at start-up and then every ten minutes: a host started now forgets the old answer.
        // Its own service id: it must not take over the reminders of the cases the shared server runs.
        await using var other = await ServerProcess.StartAsync(new(fixture.Database.ConnectionString,
            Environment: new Dictionary<string, string> { ["COORDINATION_SERVICE_ID"] = "cleanup-" + Guid.NewGuid().ToString("N")[..6] }));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (await fixture.Database.Scalar<long>($"select count(*) from idempotency_key where key = '{key}'") > 0 && DateTime.UtcNow < deadline)
            await Task.Delay(200);
        Assert.Equal(0L, await fixture.Database.Scalar<long>($"select count(*) from idempotency_key where key = '{key}'"));
    }
}
