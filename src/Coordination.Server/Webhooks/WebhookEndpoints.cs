using System.Security.Cryptography;
using Coordination.Domain.Common;
using Coordination.Domain.Registry;
using Coordination.Server.Api;
using Coordination.Server.Security;
using RequestContext = Coordination.Server.Api.RequestContext;

namespace Coordination.Server.Webhooks;

/// <summary>
/// /api/v1/webhooks: an integrator subscribes a callback URL to channels (cases, coordination, deadlines) for the
/// cases its organisation is party to (a verband, municipality or school); messages are small, signed, numbered per
/// subscription, retried, and can be replayed.
/// </summary>
public static class WebhookEndpoints
{
    public sealed record SubscribeRequest(string? CallbackUrl, IReadOnlyList<string>? Channels, string? Verband, string? Secret);
    public sealed record ReplayRequest(long? FromSequence);

    public static void MapWebhookEndpoints(this IEndpointRouteBuilder api)
    {
        var hooks = api.MapGroup("/webhooks").WithTags("Webhooks");
        hooks.MapPost("/", Subscribe).Accepts<SubscribeRequest>("application/json").Produces(StatusCodes.Status201Created).ProducesValidationProblem();
        hooks.MapGet("/", List);
        hooks.MapGet("/{id:guid}", Get);
        hooks.MapDelete("/{id:guid}", Delete);
        hooks.MapPost("/{id:guid}/replay", Replay).Accepts<ReplayRequest>("application/json").Produces(StatusCodes.Status202Accepted)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        hooks.MapGet("/{id:guid}/deliveries", Deliveries);
    }

    private static async Task<IResult> Subscribe(HttpContext http, WebhookStore store, Hosting.CoordinationSettings settings)
    {
        var (body, problem) = await RequestContext.ReadJson<SubscribeRequest>(http);
        if (problem is not null) return problem;
        var actor = RequestContext.ActorOf(http);
        var admin = http.User.Role() == Roles.Admin;
        var errors = new Errors();
        if (!Uri.TryCreate(body!.CallbackUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") || body.CallbackUrl!.Length > 500)
            errors.Add("callbackUrl", "must be an absolute http(s) URL of at most 500 characters");
        else if (!settings.Webhooks.AllowPrivateNetworks && CallbackAddresses.NamesPrivateHost(url))
            errors.Add("callbackUrl", CallbackAddresses.Refusal);
        if (body.Channels is not { Count: > 0 } || body.Channels.Any(c => !WebhookStore.Channels.Contains(c)))
            errors.Add("channels", $"name one or more of {string.Join(", ", WebhookStore.Channels)}");
        // Each organisation follows the cases it is party to: a verband's, a municipality's (leerplicht), a school's. An
        // admin may follow one verband's, or every case.
        var own = actor.Organisation;
        if (admin)
        {
            if (body.Verband is not null && !Codes.IsVerbandCode(body.Verband)) errors.Add("verband", Codes.VerbandFormat);
        }
        else if (!Codes.IsVerbandCode(own) && !Codes.IsMunicipalityCode(own) && !Codes.IsSchoolCode(own))
            errors.Add("verband", $"webhooks follow the cases of a verband, municipality or school, which {own} is not");
        else if (body.Verband is not null && body.Verband != own)
            errors.Add("verband", $"you may follow only the cases of your own organisation ({own}); leave it out for those");
        if (body.Secret is { Length: < 16 or > 200 }) errors.Add("secret", "must be 16 to 200 characters, or left out to get a generated one");
        if (errors.Any) return Problems.Invalid(errors.Items);

        var secret = body.Secret ?? Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var subscription = await store.Create(own, body.CallbackUrl!, body.Channels!.Distinct().ToList(), admin ? body.Verband : own, secret);
        // The secret is shown once, here: messages are signed with it.
        return Answers.Created($"/api/v1/webhooks/{subscription.Id}", new { subscription, secret });
    }

    private static async Task<IResult> List(int? page, int? pageSize, HttpContext http, WebhookStore store)
    {
        var (items, problem) = Paging.Page(http, await store.OfOrganisation(RequestContext.ActorOf(http).Organisation), page, pageSize, 50, 200);
        return problem ?? Answers.Ok(items);
    }

    private static async Task<IResult> Get(Guid id, HttpContext http, WebhookStore store) =>
        await Own(id, http, store) is { } s ? Answers.Ok(s) : Problems.NotFound($"no webhook subscription {id}");

    private static async Task<IResult> Delete(Guid id, HttpContext http, WebhookStore store)
    {
        if (await Own(id, http, store) is null) return Problems.NotFound($"no webhook subscription {id}");
        await store.Deactivate(id);
        return TypedResults.NoContent();
    }

    /// <summary>Sends every message from a sequence number again, for an integrator that lost what it received.</summary>
    private static async Task<IResult> Replay(Guid id, HttpContext http, WebhookStore store)
    {
        if (await Own(id, http, store) is null) return Problems.NotFound($"no webhook subscription {id}");
        var (body, problem) = await RequestContext.ReadJson<ReplayRequest>(http);
        if (problem is not null) return problem;
        if (body!.FromSequence is not (>= 1)) return Problems.Invalid("fromSequence", "must be 1 or more");
        return TypedResults.Accepted($"/api/v1/webhooks/{id}/deliveries?fromSequence={body.FromSequence}",
            new { replaying = await store.Replay(id, body.FromSequence.Value), fromSequence = body.FromSequence });
    }

    private static async Task<IResult> Deliveries(Guid id, long? fromSequence, int? pageSize, HttpContext http, WebhookStore store)
    {
        if (await Own(id, http, store) is null) return Problems.NotFound($"no webhook subscription {id}");
        var errors = new Errors();
        if (fromSequence is < 1) errors.Add("fromSequence", "must be 1 or more");
        if (pageSize is < 1 or > 500) errors.Add("pageSize", "must be between 1 and 500");
        if (errors.Any) return Problems.Invalid(errors.Items);
        return Answers.Ok(await store.Deliveries(id, fromSequence ?? 1, pageSize ?? 100));
    }

    private static async Task<Subscription?> Own(Guid id, HttpContext http, WebhookStore store) =>
        await store.Get(id) is { } s && s.Organisation == RequestContext.ActorOf(http).Organisation ? s : null;
}
