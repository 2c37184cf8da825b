namespace Coordination.Contracts;

/// <summary>
/// The caller's Idempotency-Key travels with a grain call in Orleans' request context, so the grain can recognise
/// a retry of a change it already saved (also after a crash that lost the HTTP answer).
/// </summary>
public static class IdempotencyContext
{
    public const string Key = "coordination.idempotency-key";

    public static string? Current => Orleans.Runtime.RequestContext.Get(Key) as string;
}
