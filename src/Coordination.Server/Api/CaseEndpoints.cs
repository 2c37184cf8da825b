using System.Text.RegularExpressions;
using Coordination.Contracts;
using Coordination.Domain.Cases;
using Coordination.Domain.Common;
using Coordination.Server.Security;

namespace Coordination.Server.Api;

/// <summary>
/// /api/v1/cases: open a case, read it and its history, fire triggers. The integrator contract. A case the caller
/// may not know of answers 404; every read of its details is written to the access log.
/// </summary>
public static partial class CaseEndpoints
{
    public static void MapCaseEndpoints(this IEndpointRouteBuilder api)
    {
        var cases = api.MapGroup("/cases").WithTags("Cases");
        // Bodies are read by hand (so a bad field is reported by name); the metadata tells OpenAPI their shape.
        cases.MapPost("/", Open).Accepts<NewCase>("application/json").Produces<CaseView>(StatusCodes.Status201Created).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);
        cases.MapGet("/{id}", Get).Produces<CaseView>().ProducesProblem(StatusCodes.Status404NotFound);
        cases.MapPost("/{id}/transitions", Transition).Accepts<CaseCommand>("application/json").Produces<CaseView>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        cases.MapGet("/{id}/history", History).Produces<IReadOnlyList<CaseEvent>>().ProducesProblem(StatusCodes.Status404NotFound);
        cases.MapGet("/{id}/access-log", AccessLogOf);
    }

    private static async Task<IResult> Open(HttpContext http, IGrainFactory grains)
    {
        var (body, problem) = await RequestContext.ReadJson<NewCase>(http);
        if (problem is not null) return problem;
        // A generated id, never a personal number: it says nothing about the child. With an Idempotency-Key the id
        // follows from the key, so a retry after a lost answer reaches the same case instead of opening a second.
        var id = IdempotencyContext.Current is { } key
            ? Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)))[..32]
            : Guid.CreateVersion7().ToString("N");
        var result = await grains.Grain<ICaseGrain>(id).Open(body!, RequestContext.ActorOf(http));
        if (result.Outcome is not Outcome.Accepted) return Problems.From(result.Outcome);
        RequestContext.SetETag(http, result.Case!.Version);
        return Answers.Created($"/api/v1/cases/{id}", ForCaller(result.Case, http));
    }

    private static async Task<IResult> Get(string id, HttpContext http, IGrainFactory grains, AccessLog log)
    {
        if (await Visible(id, http, grains) is not { } view) return Problems.NotFound($"no case {id}");
        await log.Record(http.User, id, "case");
        RequestContext.SetETag(http, view.Version);
        return Answers.Ok(ForCaller(view, http));
    }

    private static async Task<IResult> Transition(string id, HttpContext http, IGrainFactory grains)
    {
        // The case grain itself decides whether the caller may know of and change it: one call, not a read first.
        if (!IsCaseId(id)) return Problems.NotFound($"no case {id}");
        var (expected, badHeader) = RequestContext.ExpectedVersion(http);
        if (badHeader is not null) return badHeader;
        var (body, problem) = await RequestContext.ReadJson<CaseCommand>(http);
        if (problem is not null) return problem;
        var result = await grains.Grain<ICaseGrain>(id).Apply(body!, RequestContext.ActorOf(http), expected);
        if (result.Case is null) return Problems.NotFound($"no case {id}");
        if (result.Outcome is not Outcome.Accepted) return Problems.From(result.Outcome);
        RequestContext.SetETag(http, result.Case.Version);
        return Answers.Ok(ForCaller(result.Case, http));
    }

    /// <summary>The history, oldest first; page and pageSize (default: the first 1,000 events) with X-Total-Count.</summary>
    private static async Task<IResult> History(string id, int? page, int? pageSize, HttpContext http, IGrainFactory grains, AccessLog log)
    {
        if (await Visible(id, http, grains) is null) return Problems.NotFound($"no case {id}");
        var (events, problem) = Paging.Page(http, await grains.Grain<ICaseGrain>(id).History(), page, pageSize, 1000, 1000);
        if (problem is not null) return problem;
        await log.Record(http.User, id, "history");
        return Answers.Ok(events);
    }

    /// <summary>Who looked at this child's file: for the parties of the case.</summary>
    private static async Task<IResult> AccessLogOf(string id, int? page, int? pageSize, HttpContext http, IGrainFactory grains, AccessLog log)
    {
        if (await Visible(id, http, grains) is not { } view) return Problems.NotFound($"no case {id}");
        if (!Access.IsParty(RequestContext.ActorOf(http), view))
            return Problems.From(new Outcome.Forbidden("the access log is for the parties of the case"));
        var errors = new Errors();
        if (page is < 1) errors.Add("page", "must be 1 or more");
        if (pageSize is < 1 or > AccessLog.MaxPageSize) errors.Add("pageSize", $"must be between 1 and {AccessLog.MaxPageSize}");
        if (errors.Any) return Problems.Invalid(errors.Items);
        var (entries, total) = await log.Read(id, page ?? 1, pageSize ?? 50);
        return Answers.Ok(new { page = page ?? 1, pageSize = pageSize ?? 50, total, entries });
    }

    /// <summary>
    /// The case as this caller gets it: its <c>permittedTriggers</c> are the steps the caller may take now (a school
    /// no TLV decision, a municipality its leerplicht steps, a reader none). The case room shares one view among all
    /// its watchers, so there the list is the case's.
    /// </summary>
    private static CaseView ForCaller(CaseView view, HttpContext http)
    {
        var mine = CaseAccess.PermittedTo(RequestContext.ActorOf(http).Organisation, view.Parties, view.Student.School, view.Zorgplicht, view.PermittedTriggers);
        return ReferenceEquals(mine, view.PermittedTriggers) ? view : view with { PermittedTriggers = mine };
    }

    /// <summary>The case, when it exists and the caller may know of it; null otherwise (both answer 404).</summary>
    public static async Task<CaseView?> Visible(string id, HttpContext http, IGrainFactory grains) =>
        IsCaseId(id) && await grains.Grain<ICaseGrain>(id).Get() is { } view && Access.MaySeeCase(RequestContext.ActorOf(http), view)
            ? view
            : null;

    public static bool IsCaseId(string id) => CaseId().IsMatch(id);

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex CaseId();
}
