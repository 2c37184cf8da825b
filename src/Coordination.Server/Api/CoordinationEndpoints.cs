using System.Text.Json;
using System.Text.Json.Nodes;
using Coordination.Contracts;
using Coordination.Domain.Common;
using Coordination.Domain.Registry;
using Coordination.Domain.Resolution;
using Coordination.Server.Security;

namespace Coordination.Server.Api;

/// <summary>
/// The joint resolution of a case: /api/v1/cases/{id}/coordination with its proposals and answers, a verband's
/// inbox of coordination requests, and an expertteam's board. The acting verband is the caller's organisation.
/// </summary>
public static class CoordinationEndpoints
{
    public static void MapCoordinationEndpoints(this IEndpointRouteBuilder api)
    {
        // Every route answers 404 for a case the caller may not know of (and the read for a case without a resolution).
        var coordination = api.MapGroup("/cases/{id}/coordination").WithTags("Coordination").ProducesProblem(StatusCodes.Status404NotFound);
        coordination.MapGet("/", Get).Produces<JointResolution>();
        // Every step takes the case's ETag as If-Match: a stale one is a 412 and changes nothing.
        coordination.MapPost("/", Open).Accepts<OpenInput>("application/json").Produces<JointResolution>(StatusCodes.Status201Created)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
        coordination.MapPost("/acknowledge", Acknowledge).Produces<JointResolution>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        coordination.MapPost("/proposals", Propose).Accepts<ProposalInput>("application/json").Produces<JointResolution>(StatusCodes.Status201Created)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
        coordination.MapPost("/proposals/{version}/accept", Accept).Produces<JointResolution>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        coordination.MapPost("/proposals/{version}/object", Object).Accepts<ObjectionInput>("application/json").Produces<JointResolution>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
        api.MapGet("/verbanden/{code}/inbox", Inbox).WithTags("Coordination");
        api.MapGet("/expertteams/{region}/cases", Expertteam).WithTags("Coordination");
    }

    private static async Task<IResult> Get(string id, HttpContext http, IGrainFactory grains, AccessLog log)
    {
        if (await CaseEndpoints.Visible(id, http, grains) is not { Resolution: { } resolution } view) return Problems.NotFound($"no coordination for case {id}");
        await log.Record(http.User, id, "coordination");
        // The case's version: the resolution lives in the case, and its steps take it back as If-Match.
        RequestContext.SetETag(http, view.Version);
        return Answers.Ok(WithSteps(resolution, view, http));
    }

    /// <summary>
    /// The resolution with <c>permittedSteps</c>: what the caller's organisation may do in it now, named as the routes
    /// name them, so a client offers those and need not learn them from a 409.
    /// </summary>
    private static JsonObject WithSteps(JointResolution resolution, CaseView view, HttpContext http)
    {
        var answer = JsonSerializer.SerializeToNode(resolution, ApiJson.Options)!.AsObject();
        var steps = ResolutionWorkflow.PermittedSteps(view.Parties, view.State, resolution, RequestContext.ActorOf(http));
        answer["permittedSteps"] = new JsonArray([.. steps.Select(s => JsonValue.Create(s))]);
        return answer;
    }

    private static Task<IResult> Open(string id, HttpContext http, IGrainFactory grains) =>
        Step<OpenInput>(id, http, grains, created: true, (c, body, actor, expected) => c.OpenCoordination(body, actor, expected));

    private static Task<IResult> Propose(string id, HttpContext http, IGrainFactory grains) =>
        Step<ProposalInput>(id, http, grains, created: true, (c, body, actor, expected) => c.Propose(body, actor, expected));

    private static Task<IResult> Acknowledge(string id, HttpContext http, IGrainFactory grains) =>
        Step<object>(id, http, grains, created: false, (c, _, actor, expected) => c.Acknowledge(actor, expected), readBody: false);

    private static Task<IResult> Accept(string id, int version, HttpContext http, IGrainFactory grains) =>
        Step<object>(id, http, grains, created: false, (c, _, actor, expected) => c.Accept(version, actor, expected), readBody: false);

    private static Task<IResult> Object(string id, int version, HttpContext http, IGrainFactory grains) =>
        Step<ObjectionInput>(id, http, grains, created: false, (c, body, actor, expected) => c.Object(version, body, actor, expected));

    /// <summary>
    /// One step of the resolution: 404 unless the caller may see the case; then its body (when it has one) and
    /// If-Match are checked, the case takes the step, and the answer carries the case's new ETag.
    /// </summary>
    private static async Task<IResult> Step<TBody>(string id, HttpContext http, IGrainFactory grains, bool created,
        Func<ICaseGrain, TBody, Actor, long?, Task<CoordinationResult>> step, bool readBody = true) where TBody : class
    {
        // A coordination step changes neither the case's parties nor its state: the steps after it follow from these.
        if (await CaseEndpoints.Visible(id, http, grains) is not { } view) return Problems.NotFound($"no case {id}");
        var (body, problem) = readBody ? await RequestContext.ReadJson<TBody>(http) : (null, null);
        var (expected, badHeader) = RequestContext.ExpectedVersion(http);
        if ((problem ?? badHeader) is { } refused) return refused;
        var result = await step(grains.Grain<ICaseGrain>(id), body!, RequestContext.ActorOf(http), expected);
        if (!result.CaseExists) return Problems.NotFound($"no case {id}");
        if (result.Outcome is not Outcome.Accepted) return Problems.From(result.Outcome);
        RequestContext.SetETag(http, result.CaseVersion);
        var answer = WithSteps(result.Resolution!, view, http);
        return created ? Answers.Created($"/api/v1/cases/{id}/coordination", answer) : Answers.Ok(answer);
    }

    private static async Task<IResult> Inbox(string code, bool? open, int? page, int? pageSize, HttpContext http, IGrainFactory grains)
    {
        if (!Access.MayWatchVerband(RequestContext.ActorOf(http), http.User.Role(), code))
            return Problems.From(new Outcome.Forbidden($"only {code} reads its inbox"));
        if (!Codes.IsVerbandCode(code) || await grains.Grain<IVerbandGrain>(code).Inbox(open ?? false) is not { } inbox)
            return Problems.NotFound($"no verband {code}");
        var (items, problem) = Paging.Page(http, inbox, page, pageSize, 50, VerbandEndpoints.MaxPageSize);
        return problem ?? Answers.Ok(items);
    }

    private static async Task<IResult> Expertteam(string region, int? page, int? pageSize, HttpContext http, IGrainFactory grains)
    {
        if (!Access.MayWatchExpertteam(RequestContext.ActorOf(http), http.User.Role(), region))
            return Problems.From(new Outcome.Forbidden($"only the expertteam {region} reads its board"));
        var errors = new Errors();
        if (string.IsNullOrWhiteSpace(region) || region.Length > 100) errors.Add("region", "must name a jeugdzorgregio (at most 100 characters)");
        if (page is < 1) errors.Add("page", "must be 1 or more");
        if (pageSize is < 1 or > VerbandEndpoints.MaxPageSize) errors.Add("pageSize", $"must be between 1 and {VerbandEndpoints.MaxPageSize}");
        if (errors.Any) return Problems.Invalid(errors.Items);
        return Answers.Ok(await grains.Grain<IExpertteamGrain>(region).Board(page ?? 1, pageSize ?? 50));
    }
}
