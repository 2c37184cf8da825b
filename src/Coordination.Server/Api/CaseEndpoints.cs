using System.Text.RegularExpressions;
using Coordination.Contracts;
using Coordination.Domain.Cases;
using Coordination.Domain.Common;

namespace Coordination.Server.Api;

/// <summary>/api/v1/cases: open a case, read it and its history, fire triggers. The integrator contract.</summary>
public static partial class CaseEndpoints
{
    public static void MapCaseEndpoints(this IEndpointRouteBuilder api)
    {
        var cases = api.MapGroup("/cases").WithTags("Cases");
        cases.MapPost("/", Open);
        cases.MapGet("/{id}", Get);
        cases.MapPost("/{id}/transitions", Transition);
        cases.MapGet("/{id}/history", History);
    }

    private static async Task<IResult> Open(HttpContext http, IGrainFactory grains)
    {
        var (body, problem) = await RequestContext.ReadJson<NewCase>(http);
        if (problem is not null) return problem;
        // A generated id, never a personal number: it says nothing about the child.
        var id = Guid.CreateVersion7().ToString("N");
        var result = await grains.GetGrain<ICaseGrain>(id).Open(body!, RequestContext.ActorOf(http));
        if (result.Outcome is not Outcome.Accepted) return Problems.From(result.Outcome);
        RequestContext.SetETag(http, result.Case!.Version);
        return TypedResults.Created($"/api/v1/cases/{id}", result.Case);
    }

    private static async Task<IResult> Get(string id, HttpContext http, IGrainFactory grains)
    {
        if (!IsCaseId(id) || await grains.GetGrain<ICaseGrain>(id).Get() is not { } view) return Problems.NotFound($"no case {id}");
        RequestContext.SetETag(http, view.Version);
        return TypedResults.Ok(view);
    }

    private static async Task<IResult> Transition(string id, HttpContext http, IGrainFactory grains)
    {
        if (!IsCaseId(id)) return Problems.NotFound($"no case {id}");
        var (expected, badHeader) = RequestContext.ExpectedVersion(http);
        if (badHeader is not null) return badHeader;
        var (body, problem) = await RequestContext.ReadJson<CaseCommand>(http);
        if (problem is not null) return problem;
        var grain = grains.GetGrain<ICaseGrain>(id);
        var result = await grain.Apply(body!, RequestContext.ActorOf(http), expected);
        if (result.Case is null) return Problems.NotFound($"no case {id}");
        if (result.Outcome is not Outcome.Accepted) return Problems.From(result.Outcome);
        RequestContext.SetETag(http, result.Case.Version);
        return TypedResults.Ok(result.Case);
    }

    private static async Task<IResult> History(string id, IGrainFactory grains)
    {
        if (!IsCaseId(id)) return Problems.NotFound($"no case {id}");
        var history = await grains.GetGrain<ICaseGrain>(id).History();
        return history.Count == 0 ? Problems.NotFound($"no case {id}") : TypedResults.Ok(history);
    }

    public static bool IsCaseId(string id) => CaseId().IsMatch(id);

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex CaseId();
}
