using Npgsql;

namespace Coordination.Server.Health;

/// <summary>
/// While PostgreSQL is unreachable nothing can be saved: the caller gets 503 (retry later) rather than 500, and
/// nothing was accepted. The cause may be wrapped by Orleans (storage provider, grain call) or by ASP.NET.
/// </summary>
public static class StorageOutage
{
    public static int StatusCodeOf(Exception exception) =>
        Causes(exception).Any(e => e is NpgsqlException or TimeoutException)
            ? StatusCodes.Status503ServiceUnavailable
            : StatusCodes.Status500InternalServerError;

    private static IEnumerable<Exception> Causes(Exception e)
    {
        for (var current = e; current is not null; current = current.InnerException)
        {
            yield return current;
            if (current is AggregateException aggregate)
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Causes)) yield return inner;
        }
    }
}
