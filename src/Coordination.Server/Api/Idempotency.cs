using System.Security.Cryptography;
using Coordination.Server.Security;
using Npgsql;

namespace Coordination.Server.Api;

/// <summary>
/// Idempotency-Key on every POST under /api: the first answer (status, body, Location, ETag) is stored per calling
/// organisation and key; a retry with the same key and the same request gets that answer again and changes nothing.
/// The same key with a different request is refused (400, naming the header); a retry while the first runs gets 409.
/// Answers of 5xx are not kept, so a retry after a failure really runs again; nor is a 412 for a stale If-Match.
/// </summary>
public sealed class Idempotency(RequestDelegate next, NpgsqlDataSource dataSource, Hosting.CoordinationSettings settings, ILogger<Idempotency> logger)
{
    public const string Header = "Idempotency-Key";
    // A request that has not finished within this time is taken to have died with its host; a retry may take over.

    public async Task InvokeAsync(HttpContext http)
    {
        if (!HttpMethods.IsPost(http.Request.Method) || !http.Request.Path.StartsWithSegments("/api")
            || http.Request.Headers[Header].ToString() is not { Length: > 0 } key)
        {
            await next(http);
            return;
        }
        if (key.Length > 200 || key.Any(c => c < 0x21 || c > 0x7e))
        {
            await Problems.Invalid(Header, "must be 1 to 200 visible ASCII characters, e.g. a UUID").ExecuteAsync(http);
            return;
        }
        var organisation = http.User.ToActor().Organisation;
        http.Request.EnableBuffering();
        var hash = await Hash(http.Request);

        var claim = await Claim(organisation, key, hash);
        if (claim is not null)
        {
            await claim.ExecuteAsync(http);
            return;
        }

        Orleans.Runtime.RequestContext.Set(Contracts.IdempotencyContext.Key, $"{organisation}:{key}");
        var original = http.Response.Body;
        await using var buffer = new MemoryStream();
        http.Response.Body = buffer;
        var completed = false;
        try
        {
            await next(http);
            // A 412 is not kept either: it changed nothing and says only that If-Match (not part of the request's
            // hash) was stale, so the same key with the version read again must get to run.
            if (http.Response.StatusCode is < 500 and not StatusCodes.Status412PreconditionFailed)
            {
                await Store(organisation, key, http.Response, buffer.ToArray());
                completed = true;
            }
        }
        finally
        {
            if (!completed) await Release(organisation, key);
            Orleans.Runtime.RequestContext.Remove(Contracts.IdempotencyContext.Key);
            http.Response.Body = original;
            buffer.Position = 0;
            await buffer.CopyToAsync(original);
        }
    }

    /// <summary>Claims the key for this request; null when claimed, else the answer to give instead.</summary>
    private async Task<IResult?> Claim(string organisation, string key, string hash)
    {
        await using var insert = dataSource.CreateCommand(
            "insert into idempotency_key (organisation, key, request_hash) values ($1, $2, $3) on conflict do nothing");
        insert.Parameters.AddWithValue(organisation);
        insert.Parameters.AddWithValue(key);
        insert.Parameters.AddWithValue(hash);
        if (await insert.ExecuteNonQueryAsync() == 1) return null;

        await using var select = dataSource.CreateCommand(
            "select request_hash, status, content_type, location, etag, body, created_at from idempotency_key where organisation = $1 and key = $2");
        select.Parameters.AddWithValue(organisation);
        select.Parameters.AddWithValue(key);
        await using var r = await select.ExecuteReaderAsync();
        if (!await r.ReadAsync()) return await Claim(organisation, key, hash); // released meanwhile: try again
        if (r.GetString(0) != hash)
            return Problems.Invalid(Header, "was already used for a different request; use a new key for a new request");
        if (r.IsDBNull(1))
        {
            // The case grains recognise a retry of a change they saved, so taking over an abandoned request is safe.
            if (DateTimeOffset.UtcNow - r.GetFieldValue<DateTimeOffset>(6) < settings.IdempotencyAbandonedAfter)
                return new InProgress();
            await r.CloseAsync();
            logger.LogWarning("Idempotency key {Key} of {Organisation} was abandoned; the retry runs it again", key, organisation);
            await Release(organisation, key);
            return await Claim(organisation, key, hash);
        }
        return new Replay(r.GetInt32(1), r.IsDBNull(2) ? null : r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3),
            r.IsDBNull(4) ? null : r.GetString(4), r.IsDBNull(5) ? [] : (byte[])r[5]);
    }

    private async Task Store(string organisation, string key, HttpResponse response, byte[] body)
    {
        await using var cmd = dataSource.CreateCommand(
            "update idempotency_key set status = $3, content_type = $4, location = $5, etag = $6, body = $7 where organisation = $1 and key = $2");
        cmd.Parameters.AddWithValue(organisation);
        cmd.Parameters.AddWithValue(key);
        cmd.Parameters.AddWithValue(response.StatusCode);
        cmd.Parameters.AddWithValue((object?)response.ContentType ?? DBNull.Value);
        cmd.Parameters.AddWithValue(OrNull(response.Headers.Location.ToString()));
        cmd.Parameters.AddWithValue(OrNull(response.Headers.ETag.ToString()));
        cmd.Parameters.AddWithValue(body);
        await cmd.ExecuteNonQueryAsync();
    }

    private static object OrNull(string value) => value.Length > 0 ? value : DBNull.Value;

    private async Task Release(string organisation, string key)
    {
        await using var cmd = dataSource.CreateCommand("delete from idempotency_key where organisation = $1 and key = $2 and status is null");
        cmd.Parameters.AddWithValue(organisation);
        cmd.Parameters.AddWithValue(key);
        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task<string> Hash(HttpRequest request)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(System.Text.Encoding.UTF8.GetBytes($"{request.Method} {request.Path}{request.QueryString}\n"));
        var buffer = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(buffer)) > 0) sha.AppendData(buffer, 0, read);
        request.Body.Position = 0;
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    /// <summary>The stored first answer, sent again, marked as a replay.</summary>
    private sealed class Replay(int status, string? contentType, string? location, string? etag, byte[] body) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = status;
            if (contentType is not null) http.Response.ContentType = contentType;
            if (location is not null) http.Response.Headers.Location = location;
            if (etag is not null) http.Response.Headers.ETag = etag;
            http.Response.Headers["Idempotency-Replayed"] = "true";
            await http.Response.Body.WriteAsync(body);
        }
    }
}

/// <summary>
/// A 409 for a key whose first request still runs, with Retry-After: told apart from a refused step by its type, and
/// told when to come back, as a well-behaved client retries.
/// </summary>
internal sealed class InProgress : IResult
{
    public Task ExecuteAsync(HttpContext http)
    {
        http.Response.Headers.RetryAfter = "1";
        return TypedResults.Problem(title: "Request in progress", detail: "A request with this Idempotency-Key is still being processed; retry shortly.",
            statusCode: StatusCodes.Status409Conflict, type: "https://coordination.example/problems/in-progress").ExecuteAsync(http);
    }
}
