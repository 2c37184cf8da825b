using System.Text.RegularExpressions;

namespace Coordination.Server.Api;

/// <summary>
/// Turns a request ASP.NET Core could not bind (a query value of the wrong type, such as <c>?page=x</c> or
/// <c>?open=abc</c>) into the API's own 400 naming the field, instead of a 500 (Development) or a bare 400
/// without a body (Production). Its own requests' errors, say a body over Kestrel's limit, keep their status.
/// </summary>
public sealed partial class BadRequests(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext http)
    {
        try
        {
            await next(http);
        }
        catch (BadHttpRequestException e) when (!http.Response.HasStarted)
        {
            http.Response.Clear();
            var result = e.StatusCode == StatusCodes.Status400BadRequest
                ? Problems.Invalid(FieldOf(e.Message), "is not a valid value here")
                : TypedResults.Problem(title: "The request was refused", detail: e.Message, statusCode: e.StatusCode);
            await result.ExecuteAsync(http);
        }
    }

    /// <summary>The parameter the binder names: <c>Failed to bind parameter "Nullable&lt;bool&gt; open" from "abc".</c></summary>
    private static string FieldOf(string message) => Parameter().Match(message) is { Success: true } m ? m.Groups[1].Value : "request";

    [GeneratedRegex("parameter \"[^\"]*?(\\w+)\"")]
    private static partial Regex Parameter();
}
