using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Coordination.Server.Tests.Infrastructure;

/// <summary>
/// Small helpers to talk JSON to the API as an integrator would, signed in through the development sign-in.
/// Without an explicit organisation a call acts for PO2601 (the school's verband of most demo cases).
/// </summary>
public static class ApiClient
{
    public const string DefaultOrganisation = "PO2601";
    public const string Admin = "coordination";
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
    private static readonly ConcurrentDictionary<(Uri?, string, string, string), string> Tokens = new();

    /// <summary>A token for a name, organisation and role from the server's development sign-in (cached per server).</summary>
    public static async Task<string> Token(this HttpClient http, string name, string organisation, string? role = null)
    {
        role ??= organisation == Admin ? "admin" : organisation.StartsWith("expertteam:") ? "expertteam" : "coordinator";
        var key = (http.BaseAddress, name, organisation, role);
        if (Tokens.TryGetValue(key, out var cached)) return cached;
        var response = await http.PostAsJsonAsync("/api/v1/dev/sign-in", new { name, organisation, role });
        response.EnsureSuccessStatusCode();
        var token = (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["token"]!;
        return Tokens[key] = token;
    }

    public static async Task<(HttpStatusCode Status, JsonNode? Body, HttpResponseMessage Response)> Post(this HttpClient http, string url, object body,
        string actor = "tester", string organisation = DefaultOrganisation, string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body, options: Json) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await http.Token(actor, organisation));
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        var response = await http.SendAsync(request);
        return (response.StatusCode, await ReadBody(response), response);
    }

    public static async Task<(HttpStatusCode Status, JsonNode? Body)> Get(this HttpClient http, string url, string organisation = DefaultOrganisation)
    {
        var (status, body, _) = await http.GetWithHeaders(url, organisation);
        return (status, body);
    }

    public static async Task<(HttpStatusCode Status, JsonNode? Body, HttpResponseMessage Response)> GetWithHeaders(this HttpClient http, string url,
        string organisation = DefaultOrganisation)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await http.Token("tester", organisation));
        var response = await http.SendAsync(request);
        return (response.StatusCode, await ReadBody(response), response);
    }

    public static async Task<JsonNode> GetOk(this HttpClient http, string url, string organisation = DefaultOrganisation)
    {
        var (status, body) = await http.Get(url, organisation);
        Assert.True(status == HttpStatusCode.OK, $"GET {url} as {organisation}: {(int)status} {body}");
        return body!;
    }

    public static async Task<JsonNode> PostOk(this HttpClient http, string url, object body, string actor = "tester", string organisation = DefaultOrganisation)
    {
        var (status, json, _) = await http.Post(url, body, actor, organisation);
        Assert.True((int)status is >= 200 and < 300, $"POST {url} as {organisation}: {(int)status} {json}");
        return json!;
    }

    /// <summary>Opens a case and returns its id.</summary>
    public static async Task<string> OpenCase(this HttpClient http, object body, string organisation = DefaultOrganisation) =>
        (string)(await http.PostOk("/api/v1/cases", body, organisation: organisation))["id"]!;

    public static Task<JsonNode> Fire(this HttpClient http, string caseId, object command, string actor = "tester", string organisation = DefaultOrganisation) =>
        http.PostOk($"/api/v1/cases/{caseId}/transitions", command, actor, organisation);

    /// <summary>The demo registry shipped in silo-config/demo, imported through the API by an admin.</summary>
    public static async Task ImportDemoRegistry(this HttpClient http)
    {
        var csv = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "silo-config", "demo", "registry.csv"));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/import/verbanden") { Content = new StringContent(csv, System.Text.Encoding.UTF8, "text/csv") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await http.Token("beheer", Admin));
        var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>A Dutch calendar day relative to today in Europe/Amsterdam, as the server counts legal days.</summary>
    public static string Today(int days = 0) =>
        Coordination.Domain.Common.DutchTime.Today(DateTimeOffset.UtcNow).AddDays(days).ToString("yyyy-MM-dd");

    private static async Task<JsonNode?> ReadBody(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        var json = response.Content.Headers.ContentType?.MediaType?.Contains("json") == true;
        return string.IsNullOrWhiteSpace(text) || !json ? null : JsonNode.Parse(text);
    }
}
