using System.Text.Json;
using Coordination.Domain.Common;
using Coordination.Server.Security;
using Microsoft.Net.Http.Headers;

namespace Coordination.Server.Api;

/// <summary>What every endpoint reads from a request besides its body: who acts, and which version it expects.</summary>
public static class RequestContext
{
    /// <summary>Who acts: name and organisation from the caller's token.</summary>
    public static Actor ActorOf(HttpContext http) => http.User.ToActor();

    /// <summary>The version in If-Match ("3" or W/"3"); null when absent. A malformed value is a field error.</summary>
    public static (long? Version, IResult? Problem) ExpectedVersion(HttpContext http)
    {
        var header = http.Request.Headers[HeaderNames.IfMatch].ToString();
        if (string.IsNullOrWhiteSpace(header) || header == "*") return (null, null);
        var raw = header.Trim();
        if (raw.StartsWith("W/", StringComparison.Ordinal)) raw = raw[2..];
        raw = raw.Trim('"');
        return long.TryParse(raw, out var v) && v > 0
            ? (v, null)
            : (null, Problems.Invalid("If-Match", "must be the ETag of the object, e.g. \"3\""));
    }

    public static void SetETag(HttpContext http, long version) => http.Response.Headers.ETag = $"\"{version}\"";

    /// <summary>Reads a JSON body; a malformed body is a 400 naming the field where reading stopped.</summary>
    public static async Task<(T? Body, IResult? Problem)> ReadJson<T>(HttpContext http) where T : class
    {
        if (!http.Request.HasJsonContentType())
            return (null, Problems.Invalid("body", "must be JSON (Content-Type: application/json)"));
        try
        {
            var body = await http.Request.ReadFromJsonAsync<T>(ApiJson.Options, http.RequestAborted);
            return body is null ? (null, Problems.Invalid("body", "is required")) : (body, null);
        }
        catch (JsonException e)
        {
            var field = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "body" : e.Path.TrimStart('$', '.');
            // ApiJson refuses fields a request does not have (a typo must not pass silently as "left out").
            var unknown = e.Message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal);
            return (null, Problems.Invalid(field, unknown ? "is not a field of this request" : "has the wrong type or is not valid JSON"));
        }
    }
}
