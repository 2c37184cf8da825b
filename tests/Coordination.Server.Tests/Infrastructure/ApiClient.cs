using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Coordination.Server.Tests.Infrastructure;

/// <summary>Small helpers to talk JSON to the API as an integrator would.</summary>
public static class ApiClient
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static async Task<(HttpStatusCode Status, JsonNode? Body, HttpResponseMessage Response)> Post(this HttpClient http, string url, object body,
        string actor = "tester", string organisation = "test", string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body, options: Json) };
        request.Headers.Add("X-Actor-Name", actor);
        request.Headers.Add("X-Actor-Organisation", organisation);
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        var response = await http.SendAsync(request);
        return (response.StatusCode, await ReadBody(response), response);
    }

    public static async Task<(HttpStatusCode Status, JsonNode? Body)> Get(this HttpClient http, string url)
    {
        var response = await http.GetAsync(url);
        return (response.StatusCode, await ReadBody(response));
    }

    public static async Task<JsonNode> GetOk(this HttpClient http, string url)
    {
        var (status, body) = await http.Get(url);
        Assert.True(status == HttpStatusCode.OK, $"GET {url}: {(int)status} {body}");
        return body!;
    }

    public static async Task<JsonNode> PostOk(this HttpClient http, string url, object body, string actor = "tester", string organisation = "test")
    {
        var (status, json, _) = await http.Post(url, body, actor, organisation);
        Assert.True(status is HttpStatusCode.OK or HttpStatusCode.Created, $"POST {url}: {(int)status} {json}");
        return json!;
    }

    /// <summary>Opens a case and returns its id.</summary>
    public static async Task<string> OpenCase(this HttpClient http, object body) =>
        (string)(await http.PostOk("/api/v1/cases", body))["id"]!;

    public static Task<JsonNode> Fire(this HttpClient http, string caseId, object command, string actor = "tester", string organisation = "test") =>
        http.PostOk($"/api/v1/cases/{caseId}/transitions", command, actor, organisation);

    /// <summary>The demo registry shipped in silo-config/demo, imported through the API.</summary>
    public static async Task ImportDemoRegistry(this HttpClient http)
    {
        var csv = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "silo-config", "demo", "registry.csv"));
        var response = await http.PostAsync("/api/v1/import/verbanden", new StringContent(csv, System.Text.Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>A Dutch calendar day relative to today in Europe/Amsterdam, as the server counts legal days.</summary>
    public static string Today(int days = 0) =>
        Coordination.Domain.Common.DutchTime.Today(DateTimeOffset.UtcNow).AddDays(days).ToString("yyyy-MM-dd");

    private static async Task<JsonNode?> ReadBody(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text);
    }
}
