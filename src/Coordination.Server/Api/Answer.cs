using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Coordination.Server.Api;

/// <summary>
/// Successful answers in JSON, written in one piece with their Content-Length. <c>TypedResults.Ok</c> streams the body
/// chunked: the body goes out when the serializer flushes and the closing chunk in a second write, so every answer
/// cost two sends and woke its caller twice (W1 in docs/benchmarks.md). Our answers are small enough to hold whole.
/// </summary>
public static class Answer
{
    public static IResult Ok<T>(T value) => new Json<T>(value, StatusCodes.Status200OK, null);

    public static IResult Created<T>(string location, T value) => new Json<T>(value, StatusCodes.Status201Created, location);

    private sealed class Json<T>(T value, int status, string? location) : IResult, IStatusCodeHttpResult, IValueHttpResult
    {
        public int? StatusCode => status;

        public object? Value => value;

        public Task ExecuteAsync(HttpContext http)
        {
            var options = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
            // The runtime type, as TypedResults does: an answer declared as a base type or object keeps its fields.
            var body = JsonSerializer.SerializeToUtf8Bytes(value, value?.GetType() ?? typeof(T), options);
            var response = http.Response;
            response.StatusCode = status;
            if (location is not null) response.Headers.Location = location;
            response.ContentType = "application/json; charset=utf-8";
            response.ContentLength = body.Length;
            return response.Body.WriteAsync(body).AsTask();
        }
    }
}
