using Coordination.Domain.Common;

namespace Coordination.Server.Api;

/// <summary>
/// page and pageSize on a list that is answered as a plain JSON array: the page as the body, the full count in
/// X-Total-Count. A bad value is a 400 naming the parameter.
/// </summary>
public static class Paging
{
    public const string TotalHeader = "X-Total-Count";

    public static (IReadOnlyList<T>? Items, IResult? Problem) Page<T>(HttpContext http, IReadOnlyList<T> all, int? page, int? pageSize, int defaultSize, int maxSize)
    {
        var errors = new Errors();
        if (page is < 1) errors.Add("page", "must be 1 or more");
        if (pageSize is { } size && (size < 1 || size > maxSize)) errors.Add("pageSize", $"must be between 1 and {maxSize}");
        if (errors.Any) return (null, Problems.Invalid(errors.Items));
        http.Response.Headers[TotalHeader] = all.Count.ToString();
        var take = pageSize ?? defaultSize;
        return (all.Skip(((page ?? 1) - 1) * take).Take(take).ToList(), null);
    }
}
