using Coordination.Contracts;
using Coordination.Domain.Cases;
using Coordination.Domain.Common;
using Coordination.Domain.Registry;
using Coordination.Server.Security;

namespace Coordination.Server.Api;

/// <summary>/api/v1/verbanden: register a verband, read it, move it through its lifecycle, read its board.</summary>
public static class VerbandEndpoints
{
    public const int MaxPageSize = 200;

    public sealed record TransitionRequest(string? Trigger, string? Reason, string? MergeInto);

    public static void MapVerbandEndpoints(this IEndpointRouteBuilder api)
    {
        var verbanden = api.MapGroup("/verbanden").WithTags("Verbanden");
        verbanden.MapGet("/", List);
        verbanden.MapPost("/", Register).RequireAuthorization(Authentication.AdminPolicy)
            .Accepts<VerbandRegistration>("application/json").Produces<VerbandView>(StatusCodes.Status201Created).ProducesValidationProblem();
        verbanden.MapGet("/{code}", Get).Produces<VerbandView>();
        verbanden.MapPost("/{code}/transitions", Transition).Accepts<TransitionRequest>("application/json").Produces<VerbandView>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        verbanden.MapGet("/{code}/cases", Board).Produces<BoardPage>();
        verbanden.MapPut("/{code}/policy", SetPolicy).Accepts<VerbandPolicy>("application/json").Produces<VerbandView>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status412PreconditionFailed);
    }

    /// <summary>The registered verbanden (code, name, state, region), filtered by sector or state, a page at a time.</summary>
    private static async Task<IResult> List(string? sector, string? state, int? page, int? pageSize, IGrainFactory grains)
    {
        var errors = new Errors();
        var bySector = Parse.Enum<Sector>(errors, "sector", sector, required: false);
        var byState = Parse.Enum<VerbandState>(errors, "state", state, required: false);
        if (page is < 1) errors.Add("page", "must be 1 or more");
        if (pageSize is < 1 or > MaxPageSize) errors.Add("pageSize", $"must be between 1 and {MaxPageSize}");
        if (errors.Any) return Problems.Invalid(errors.Items);
        var all = (await grains.Grain<IRegistryGrain>(IRegistryGrain.Key).List())
            .Where(v => bySector is null || Codes.SectorOfVerband(v.Code) == bySector)
            .Where(v => byState is null || v.State == byState)
            .ToList();
        var size = pageSize ?? 50;
        return Answers.Ok(new { page = page ?? 1, pageSize = size, total = all.Count, verbanden = all.Skip(((page ?? 1) - 1) * size).Take(size) });
    }

    private static async Task<IResult> Register(HttpContext http, IGrainFactory grains)
    {
        var (body, problem) = await RequestContext.ReadJson<VerbandRegistration>(http);
        if (problem is not null) return problem;
        if (!Codes.IsVerbandCode(body!.Code)) return Problems.Invalid("code", Codes.VerbandFormat);
        var result = await grains.Grain<IVerbandGrain>(body.Code).Register(Normalise(body), RequestContext.ActorOf(http));
        if (result.Outcome is not Outcome.Accepted) return Problems.From(result.Outcome);
        RequestContext.SetETag(http, result.Verband!.Version);
        return Answers.Created($"/api/v1/verbanden/{body.Code}", result.Verband);
    }

    private static async Task<IResult> Get(string code, HttpContext http, IGrainFactory grains)
    {
        if (!Codes.IsVerbandCode(code) || await grains.Grain<IVerbandGrain>(code).Get() is not { } view)
            return Problems.NotFound($"no verband {code}");
        RequestContext.SetETag(http, view.Version);
        return Answers.Ok(view);
    }

    private static async Task<IResult> Transition(string code, HttpContext http, IGrainFactory grains)
    {
        if (!Codes.IsVerbandCode(code)) return Problems.NotFound($"no verband {code}");
        if (!Access.MayManageVerband(RequestContext.ActorOf(http), http.User.Role(), code))
            return Problems.From(new Outcome.Forbidden($"a verband manages only itself; you act for {RequestContext.ActorOf(http).Organisation}"));
        var (expected, badHeader) = RequestContext.ExpectedVersion(http);
        if (badHeader is not null) return badHeader;
        var (body, problem) = await RequestContext.ReadJson<TransitionRequest>(http);
        if (problem is not null) return problem;
        var result = await grains.Grain<IVerbandGrain>(code).Fire(body!.Trigger, body.Reason, body.MergeInto, RequestContext.ActorOf(http), expected);
        if (result.Verband is null) return Problems.NotFound($"no verband {code}");
        if (result.Outcome is not Outcome.Accepted) return Problems.From(result.Outcome);
        RequestContext.SetETag(http, result.Verband.Version);
        return Answers.Ok(result.Verband);
    }

    /// <summary>PUT /verbanden/{code}/policy: the verband's own coordinator or an admin sets its numbers.</summary>
    private static async Task<IResult> SetPolicy(string code, HttpContext http, IGrainFactory grains)
    {
        if (!Codes.IsVerbandCode(code)) return Problems.NotFound($"no verband {code}");
        if (!Access.MayManageVerband(RequestContext.ActorOf(http), http.User.Role(), code))
            return Problems.From(new Outcome.Forbidden($"a verband manages only itself; you act for {RequestContext.ActorOf(http).Organisation}"));
        var (expected, badHeader) = RequestContext.ExpectedVersion(http);
        if (badHeader is not null) return badHeader;
        var (body, problem) = await RequestContext.ReadJson<VerbandPolicy>(http);
        if (problem is not null) return problem;
        var result = await grains.Grain<IVerbandGrain>(code).SetPolicy(body!, RequestContext.ActorOf(http), expected);
        if (result.Verband is null) return Problems.NotFound($"no verband {code}");
        if (result.Outcome is not Outcome.Accepted) return Problems.From(result.Outcome);
        RequestContext.SetETag(http, result.Verband.Version);
        return Answers.Ok(result.Verband);
    }

    private static async Task<IResult> Board(string code, string? state, int? page, int? pageSize, HttpContext http, IGrainFactory grains)
    {
        if (!Codes.IsVerbandCode(code)) return Problems.NotFound($"no verband {code}");
        if (!Access.MayWatchVerband(RequestContext.ActorOf(http), http.User.Role(), code))
            return Problems.From(new Outcome.Forbidden($"only {code} reads its board"));
        var errors = new Errors();
        var filter = Parse.Enum<CaseState>(errors, "state", state, required: false);
        if (page is < 1) errors.Add("page", "must be 1 or more");
        if (pageSize is < 1 or > MaxPageSize) errors.Add("pageSize", $"must be between 1 and {MaxPageSize}");
        if (errors.Any) return Problems.Invalid(errors.Items);
        var board = await grains.Grain<IVerbandGrain>(code).Board(filter, page ?? 1, pageSize ?? 50);
        if (board is null) return Problems.NotFound($"no verband {code}");
        // The board's sequence, which its live updates count on from: the same address and sequence, the same answer.
        RequestContext.SetETag(http, board.Sequence);
        return Answers.Ok(board);
    }

    /// <summary>Missing lists become empty lists, so validation reports them as fields instead of failing on null.</summary>
    public static VerbandRegistration Normalise(VerbandRegistration r) =>
        r with { Municipalities = r.Municipalities ?? [], Schools = r.Schools ?? [] };
}
