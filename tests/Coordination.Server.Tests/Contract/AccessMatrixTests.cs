using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Coordination.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Coordination.Server.Tests.Contract;

/// <summary>
/// Every endpoint and hub method for a party (PO2601, the school's verband of the case), a non-party (PO2603) and an
/// anonymous caller. A case the caller may not know of is 404; what needs a role or the own verband is 403; no token is 401.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class AccessMatrixTests(ServerFixture fixture)
{
    private const string Party = "PO2601", NonParty = "PO2603";
    private HttpClient Http => fixture.Http;

    private sealed record Row(string Method, string Path, object? Body, HttpStatusCode ForParty, HttpStatusCode ForNonParty, HttpStatusCode ForAnonymous = HttpStatusCode.Unauthorized);

    private static IReadOnlyList<Row> Rows(string id)
    {
        const HttpStatusCode ok = HttpStatusCode.OK, bad = HttpStatusCode.BadRequest, notFound = HttpStatusCode.NotFound,
            forbidden = HttpStatusCode.Forbidden, conflict = HttpStatusCode.Conflict, anyone = HttpStatusCode.OK;
        var nope = new { trigger = "Nope" };
        return
        [
            new("GET", "/api/v1/verbanden", null, ok, ok),
            new("POST", "/api/v1/verbanden", new { }, forbidden, forbidden),
            new("GET", "/api/v1/verbanden/PO2601", null, ok, ok),
            new("POST", "/api/v1/verbanden/PO2601/transitions", nope, bad, forbidden),
            new("GET", "/api/v1/verbanden/PO2601/cases", null, ok, forbidden),
            new("PUT", "/api/v1/verbanden/PO2601/policy", new { zorgplichtWeeks = 0 }, bad, forbidden),
            new("GET", "/api/v1/verbanden/PO2601/inbox", null, ok, forbidden),
            new("POST", "/api/v1/import/verbanden", "", forbidden, forbidden),
            new("POST", "/api/v1/cases", new { }, bad, bad),
            new("GET", $"/api/v1/cases/{id}", null, ok, notFound),
            new("POST", $"/api/v1/cases/{id}/transitions", nope, bad, notFound),
            new("GET", $"/api/v1/cases/{id}/history", null, ok, notFound),
            new("GET", $"/api/v1/cases/{id}/access-log", null, ok, notFound),
            new("GET", $"/api/v1/cases/{id}/coordination", null, ok, notFound),
            new("POST", $"/api/v1/cases/{id}/coordination", new { reason = "nog een" }, conflict, notFound),
            new("POST", $"/api/v1/cases/{id}/coordination/acknowledge", new { }, ok, notFound),
            new("POST", $"/api/v1/cases/{id}/coordination/proposals", new { }, bad, notFound),
            new("POST", $"/api/v1/cases/{id}/coordination/proposals/99/accept", new { }, conflict, notFound),
            new("POST", $"/api/v1/cases/{id}/coordination/proposals/99/object", new { reason = "nee" }, conflict, notFound),
            new("GET", "/api/v1/expertteams/Utrecht%20Stad/cases", null, forbidden, forbidden),
            new("POST", "/api/v1/webhooks", new { }, bad, bad),
            new("GET", "/api/v1/webhooks", null, ok, ok),
            new("GET", "/api/v1/webhooks/00000000-0000-0000-0000-000000000001", null, notFound, notFound),
            new("DELETE", "/api/v1/webhooks/00000000-0000-0000-0000-000000000001", null, notFound, notFound),
            new("POST", "/api/v1/webhooks/00000000-0000-0000-0000-000000000001/replay", new { fromSequence = 1 }, notFound, notFound),
            new("GET", "/api/v1/webhooks/00000000-0000-0000-0000-000000000001/deliveries", null, notFound, notFound),
            new("GET", "/openapi/v1.json", null, ok, ok),
            new("GET", "/docs/", null, forbidden, forbidden),
            new("GET", "/dashboard/", null, forbidden, forbidden),
            new("GET", "/health/live", null, anyone, anyone, anyone),
            new("GET", "/health/ready", null, anyone, anyone, anyone),
            new("GET", "/api/v1/dev/organisations", null, anyone, anyone, anyone),
            new("POST", "/api/v1/dev/sign-in", new { name = "x", organisation = Party, role = "medewerker" }, anyone, anyone, anyone),
        ];
    }

    [Fact]
    public async Task Every_endpoint_answers_a_party_a_non_party_and_an_anonymous_caller_as_the_rules_say()
    {
        var id = await Http.OpenCase(Cases.LivesInEemlandSchoolInUtrecht());
        var wrong = new List<string>();
        foreach (var row in Rows(id))
        {
            foreach (var (who, expected) in new[] { (Party, row.ForParty), (NonParty, row.ForNonParty), ((string?)null, row.ForAnonymous) })
            {
                using var request = new HttpRequestMessage(new HttpMethod(row.Method), row.Path);
                if (row.Body is string csv) request.Content = new StringContent(csv, System.Text.Encoding.UTF8, "text/csv");
                else if (row.Body is not null) request.Content = JsonContent.Create(row.Body);
                if (who is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await Http.Token("matrix", who));
                var status = (await Http.SendAsync(request)).StatusCode;
                if (status != expected) wrong.Add($"{row.Method} {row.Path} as {who ?? "anonymous"}: {(int)status}, expected {(int)expected}");
            }
        }
        Assert.Empty(wrong);
    }

    [Fact]
    public async Task The_expertteam_reads_its_own_board_and_an_admin_reaches_the_docs_and_the_dashboard()
    {
        Assert.Equal(HttpStatusCode.OK, (await Http.Get("/api/v1/expertteams/Utrecht%20Stad/cases", "expertteam:Utrecht Stad")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await Http.Get("/api/v1/expertteams/Eemland/cases", "expertteam:Utrecht Stad")).Status);
        Assert.Equal(HttpStatusCode.OK, (await Http.Get("/docs/", ApiClient.Admin)).Status);
        Assert.Equal(HttpStatusCode.OK, (await Http.Get("/dashboard/", ApiClient.Admin)).Status);
    }

    [Fact]
    public async Task Every_hub_method_is_checked_for_a_party_a_non_party_and_refused_without_a_token()
    {
        var id = await Http.OpenCase(Cases.LivesInEemlandSchoolInUtrecht());
        await using var party = await LiveClient.ConnectAsync(fixture.Server!.HttpPort, "matrix", Party);
        await using var nonParty = await LiveClient.ConnectAsync(fixture.Server!.HttpPort, "matrix", NonParty);
        await using var expert = await LiveClient.ConnectAsync(fixture.Server!.HttpPort, "matrix", "expertteam:Utrecht Stad");

        await party.Connection.InvokeAsync("WatchVerband", Party);
        await party.Connection.InvokeAsync<object>("JoinCase", id);
        await party.Connection.InvokeAsync("LeaveCase", id);
        await expert.Connection.InvokeAsync("WatchExpertteam", "Utrecht Stad");
        await Assert.ThrowsAsync<HubException>(() => nonParty.Connection.InvokeAsync("WatchVerband", Party));
        await Assert.ThrowsAsync<HubException>(() => nonParty.Connection.InvokeAsync<object>("JoinCase", id));
        await Assert.ThrowsAsync<HubException>(() => party.Connection.InvokeAsync("WatchExpertteam", "Utrecht Stad"));

        var anonymous = new HubConnectionBuilder().WithUrl($"http://127.0.0.1:{fixture.Server!.HttpPort}/hubs/board").Build();
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => anonymous.StartAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_lists_exactly_the_api_routes_of_the_matrix()
    {
        var document = await Http.GetOk("/openapi/v1.json");
        var documented = document["paths"]!.AsObject().Select(p => p.Key).Where(p => p.StartsWith("/api/")).Order().ToList();
        var matrix = Rows("{id}").Select(r => r.Path.Replace("/99/", "/{version}/").Replace("Utrecht%20Stad", "{region}"))
            .Select(p => p.Replace("/PO2601", "/{code}").Replace("00000000-0000-0000-0000-000000000001", "{id}"))
            .Where(p => p.StartsWith("/api/")).Distinct().Order().ToList();
        Assert.Equal(matrix, documented);
        // Integrators get the shapes too: the body of opening a case and of a transition.
        Assert.NotNull(document["paths"]!["/api/v1/cases"]!["post"]!["requestBody"]!["content"]!["application/json"]!["schema"]);
        Assert.NotNull(document["paths"]!["/api/v1/cases/{id}/transitions"]!["post"]!["requestBody"]);
        Assert.Contains("parentsInformed", document["components"]!["schemas"]!.ToJsonString());
        // Every write that takes If-Match says so by its 412.
        foreach (var path in new[] { "/api/v1/cases/{id}/transitions", "/api/v1/cases/{id}/coordination", "/api/v1/cases/{id}/coordination/acknowledge",
                     "/api/v1/cases/{id}/coordination/proposals", "/api/v1/cases/{id}/coordination/proposals/{version}/accept",
                     "/api/v1/cases/{id}/coordination/proposals/{version}/object" })
        {
            var post = document["paths"]![path]!["post"]!;
            Assert.True(post["responses"]!.AsObject().ContainsKey("412"), $"{path} documents no 412");
            Assert.Equal(["Idempotency-Key", "If-Match"], post["parameters"]!.AsArray().Where(p => (string)p!["in"]! == "header").Select(p => (string)p!["name"]!).Order());
        }
        Assert.Contains(document["paths"]!["/api/v1/verbanden/{code}/policy"]!["put"]!["parameters"]!.AsArray(), p => (string)p!["name"]! == "If-Match");
        // Every POST takes an Idempotency-Key; a write without a version check takes no If-Match.
        Assert.Contains(document["paths"]!["/api/v1/cases"]!["post"]!["parameters"]!.AsArray(), p => (string)p!["name"]! == "Idempotency-Key");
        Assert.DoesNotContain(document["paths"]!["/api/v1/cases"]!["post"]!["parameters"]!.AsArray(), p => (string)p!["name"]! == "If-Match");
        // Every coordination answer documents the caller's permittedSteps beside the resolution; the case view's
        // resolution, shared by everyone in the case room, does not.
        var schemas = document["components"]!["schemas"]!.AsObject();
        var coordination = document["paths"]!.AsObject().Where(p => p.Key.Contains("/coordination"))
            .SelectMany(p => p.Value!.AsObject().Select(o => (Route: $"{o.Key} {p.Key}", Answer: o.Value!["responses"]!.AsObject().First(r => r.Key.StartsWith('2')).Value!)));
        Assert.All(coordination, op => Assert.Equal("#/components/schemas/CoordinationAnswer", (string?)op.Answer["content"]!["application/json"]!["schema"]!["$ref"]));
        Assert.Equal(6, coordination.Count());
        // The statuses the routes really answer (a second walkthrough met these undocumented).
        var paths = document["paths"]!;
        Assert.All(paths.AsObject().Where(p => p.Key.Contains("/coordination")).SelectMany(p => p.Value!.AsObject()),
            op => Assert.True(op.Value!["responses"]!.AsObject().ContainsKey("404"), $"{op.Key} documents no 404"));
        Assert.True(paths["/api/v1/cases"]!["post"]!["responses"]!.AsObject().ContainsKey("403"));
        Assert.True(paths["/api/v1/cases/{id}/transitions"]!["post"]!["responses"]!.AsObject().ContainsKey("403"));
        Assert.True(paths["/api/v1/webhooks"]!["post"]!["responses"]!.AsObject().ContainsKey("201"));
        Assert.True(paths["/api/v1/webhooks/{id}/replay"]!["post"]!["responses"]!.AsObject().ContainsKey("202"));
        Assert.Equal(["Open", "Acknowledge", "Propose", "Accept", "Object"],
            schemas["CoordinationAnswer"]!["properties"]!["permittedSteps"]!["items"]!["enum"]!.AsArray().Select(s => (string)s!));
        Assert.DoesNotContain("permittedSteps", schemas["JointResolution"]!.ToJsonString());

        // Real answers fit what the document says of them (a walkthrough found every coordination answer and every
        // problem body refused by a schema validator: closed schemas that named none of their extra fields).
        var id = await Http.OpenCase(Cases.LivesInEemlandSchoolInUtrecht());
        AssertFits(await Http.GetOk($"/api/v1/cases/{id}/coordination"), "CoordinationAnswer", schemas);
        AssertFits(await Http.PostOk($"/api/v1/cases/{id}/coordination/acknowledge", new { }), "CoordinationAnswer", schemas);
        AssertFits(await Http.Fire(id, new { trigger = "StartIntake" }), "CaseView", schemas);
        var (conflict, refused, _) = await Http.Post($"/api/v1/cases/{id}/coordination/proposals/9/accept", new { });
        Assert.Equal(HttpStatusCode.Conflict, conflict);
        AssertFits(refused!, "ProblemDetails", schemas);
        var (invalid, problem, _) = await Http.Post($"/api/v1/cases/{id}/transitions", new { trigger = "Move", municipality = "nergens" });
        Assert.Equal(HttpStatusCode.BadRequest, invalid);
        AssertFits(problem!, "HttpValidationProblemDetails", schemas);
    }

    /// <summary>
    /// The answer's own fields against its schema: every required one there, and every one named by it (an open
    /// schema such as a problem's would allow others, but then an integrator would not learn of them).
    /// </summary>
    private static void AssertFits(JsonNode answer, string schema, JsonObject schemas)
    {
        var s = schemas[schema]!;
        var fields = answer.AsObject().Select(f => f.Key).ToList();
        var named = s["properties"]!.AsObject().Select(p => p.Key).ToHashSet();
        Assert.All(s["required"]?.AsArray().Select(r => (string)r!) ?? [], r => Assert.Contains(r, fields));
        Assert.All(fields, f => Assert.True(named.Contains(f), $"{schema} does not name {f}"));
    }
}
