using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Coordination.Bench;

/// <summary>HTTP to the server under test, signed in through its development sign-in.</summary>
public sealed class Api(string baseUrl)
{
    public HttpClient Http { get; } = new(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
    {
        BaseAddress = new Uri(baseUrl),
        Timeout = TimeSpan.FromSeconds(30),
    };

    public string BaseUrl => baseUrl;

    public async Task<string> Token(string organisation, string role = "coordinator")
    {
        var response = await Http.PostAsJsonAsync("/api/v1/dev/sign-in", new { name = "bench", organisation, role });
        response.EnsureSuccessStatusCode();
        return (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["token"]!;
    }

    public Task<HttpResponseMessage> Post(string path, object body, string token) => Send(path, JsonContent.Create(body), token);

    /// <summary>
    /// Posts a body serialized once beforehand: the load generator shares the machine with the server, and
    /// serializing an anonymous object on every request took CPU the server could have used (pgbench, the baseline,
    /// is a lean C client).
    /// </summary>
    public Task<HttpResponseMessage> Post(string path, Json body, string token) => Send(path, body.Content(), token);

    private async Task<HttpResponseMessage> Send(string path, HttpContent content, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await Http.SendAsync(request);
    }

    /// <summary>A JSON request body, serialized once.</summary>
    public sealed class Json(object value)
    {
        private static readonly MediaTypeHeaderValue Type = new("application/json") { CharSet = "utf-8" };
        private readonly byte[] _bytes = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(value);

        public HttpContent Content() => new ByteArrayContent(_bytes) { Headers = { ContentType = Type } };
    }

    public async Task ImportRegistry(string csvPath) => await ImportRegistryCsv(await File.ReadAllTextAsync(csvPath));

    public async Task ImportRegistryCsv(string csv)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/import/verbanden") { Content = new StringContent(csv, System.Text.Encoding.UTF8, "text/csv") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await Token("coordination", "admin"));
        (await Http.SendAsync(request)).EnsureSuccessStatusCode();
    }

    /// <summary>Opens n one-verband cases (lives and goes to school in Utrecht, PO2601) and returns their ids.</summary>
    public Task<List<string>> OpenCases(int n, string token, Action<int>? progress = null) => OpenCases(n, token, "GM0344", "01AA00", progress);

    /// <summary>Opens n cases of a child living in <paramref name="municipality"/> at <paramref name="school"/>; returns their ids.</summary>
    public async Task<List<string>> OpenCases(int n, string token, string municipality, string school, Action<int>? progress = null)
    {
        var ids = new string[n];
        var done = 0;
        await Parallel.ForAsync(0, n, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, _) =>
        {
            var response = await Post("/api/v1/cases", new
            {
                parentsInformed = true,
                student = new { name = $"Bench Kind {i}", dateOfBirth = "2016-06-01", municipality, school },
            }, token);
            response.EnsureSuccessStatusCode();
            ids[i] = (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!;
            if (Interlocked.Increment(ref done) % 500 == 0) progress?.Invoke(done);
        });
        return [.. ids];
    }

    public static readonly Json Signal = new(new { trigger = "RecordSignal", signal = "Zorg", parentsInformed = true });
}
