using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json.Nodes;
using Coordination.Server.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Coordination.Server.Tests.Security;

/// <summary>Outside Development there is no password-less sign-in: only tokens signed with the configured key count.</summary>
public sealed class ProductionAuthTests
{
    [Fact]
    public async Task In_production_the_development_sign_in_does_not_exist_and_only_correctly_signed_tokens_are_accepted()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var server = await ServerProcess.StartAsync(new(db.ConnectionString,
            Environment: new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Production" }));

        var configured = (string)JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "silo-config", "test.json")))!["Coordination"]!["Auth"]!["SigningKey"]!;
        Assert.Equal(HttpStatusCode.OK, await GetVerbanden(server, Token(Convert.FromBase64String(configured))));
        Assert.Equal(HttpStatusCode.Unauthorized, await GetVerbanden(server, Token(new byte[32])));
        Assert.Equal(HttpStatusCode.Unauthorized, await GetVerbanden(server, Token(Convert.FromBase64String(configured), expired: true)));
        Assert.Equal(HttpStatusCode.Unauthorized, await GetVerbanden(server, null));

        // The sign-in route is not there: anonymous callers get no token, signed-in ones learn it does not exist.
        var anonymous = await server.Http.PostAsJsonAsync("/api/v1/dev/sign-in", new { name = "x", organisation = "PO2601", role = "admin" });
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/dev/sign-in") { Content = JsonContent.Create(new { name = "x", organisation = "PO2601", role = "admin" }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token(Convert.FromBase64String(configured)));
        var signedIn = await server.Http.SendAsync(request);
        Assert.True(signedIn.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed, $"{(int)signedIn.StatusCode} {await signedIn.Content.ReadAsStringAsync()}");
    }

    private static async Task<HttpStatusCode> GetVerbanden(ServerProcess server, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/verbanden");
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return (await server.Http.SendAsync(request)).StatusCode;
    }

    /// <summary>A token as an organisation's own identity service would sign it with the shared key.</summary>
    private static string Token(byte[] key, bool expired = false) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = "coordination",
        Audience = "coordination",
        NotBefore = DateTime.UtcNow.AddHours(expired ? -3 : -1),
        Expires = DateTime.UtcNow.AddHours(expired ? -2 : 1),
        Subject = new ClaimsIdentity([new Claim("name", "Integratie"), new Claim("org", "01AA00"), new Claim("role", "integrator")]),
        SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key), SecurityAlgorithms.HmacSha256),
    });
}
