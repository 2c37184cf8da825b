using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Coordination.Server.Api;

/// <summary>
/// The endpoints' successful answers in JSON, written in one piece with their Content-Length. <c>TypedResults.Ok</c>
/// streams the body chunked: the body goes out when the serializer flushes and the closing chunk in a second write,
/// so every answer cost two sends and woke its caller twice (W1 in docs/benchmarks.md). The largest answer, a page of
/// history, is a few hundred KB: held whole once, as the idempotency middleware holds it anyway when keyed.
/// </summary>
public static class Answers
{
    public static IResult Ok<T>(T value) => new Json<T>(value, StatusCodes.Status200OK, null);

    public static IResult Created<T>(string location, T value) => new Json<T>(value, StatusCodes.Status201Created, location);

    private sealed class Json<T>(T value, int status, string? location) : IResult, IStatusCodeHttpResult, IValueHttpResult, IValueHttpResult<T>
    {
        public int? StatusCode => status;

        public T? Value => value;

        object? IValueHttpResult.Value => value;

        public Task ExecuteAsync(HttpContext http)
        {
            var response = http.Response;
            response.StatusCode = status;
            if (location is not null) response.Headers.Location = location;
            // As TypedResults: no value, no body.
            if (value is null) return Task.CompletedTask;
            var options = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
            // The declared type, as TypedResults, so a polymorphic contract keeps its discriminator; object (an
            // anonymous answer passed on as such) by what it is.
            var body = JsonSerializer.SerializeToUtf8Bytes(value, typeof(T) == typeof(object) ? value.GetType() : typeof(T), options);
            response.ContentType = "application/json; charset=utf-8";
            response.ContentLength = body.Length;
            return response.Body.WriteAsync(body, http.RequestAborted).AsTask();
        }
    }
}
