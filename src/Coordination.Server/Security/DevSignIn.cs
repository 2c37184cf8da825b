using System.Security.Claims;
using Coordination.Contracts;
using Coordination.Domain.Common;
using Coordination.Domain.Registry;
using Coordination.Server.Api;
using Coordination.Server.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Coordination.Server.Security;

/// <summary>
/// POST /api/v1/dev/sign-in: issues a token for a name, an organisation and a role, without a password.
/// Mapped only in the Development environment, for the demo users and the tests; production uses an
/// OpenID Connect authority or tokens signed with the configured key by the organisation's own identity service.
/// </summary>
public static class DevSignIn
{
    public sealed record SignInRequest(string? Name, string? Organisation, string? Role);

    public static void MapDevSignIn(this IEndpointRouteBuilder app, CoordinationSettings settings)
    {
        // What the sign-in form offers: the registered verbanden and their expertteams.
        app.MapGet("/api/v1/dev/organisations", async (IGrainFactory grains) =>
        {
            var verbanden = await grains.Grain<IRegistryGrain>(IRegistryGrain.Key).List();
            return Answers.Ok(new
            {
                verbanden = verbanden.Select(v => new { v.Code, v.Name }),
                expertteams = verbanden.Select(v => v.JeugdzorgRegio).Distinct().Order(),
            });
        }).AllowAnonymous().WithTags("Development");

        app.MapPost("/api/v1/dev/sign-in", (SignInRequest? body, TimeProvider time) =>
        {
            var errors = new Errors();
            var name = Parse.Text(errors, "name", body?.Name, required: true, max: 100);
            if (!IsOrganisation(body?.Organisation)) errors.Add("organisation",
                "must be a verband code (PO2601), a school (01AA00), a municipality (GM0344), expertteam:<region>, onderwijsconsulent or coordination");
            if (body?.Role is not { } role || !Roles.All.Contains(role)) errors.Add("role", $"must be one of {string.Join(", ", Roles.All)}");
            if (errors.Any) return Problems.Invalid(errors.Items);

            var expires = time.GetUtcNow().AddMinutes(settings.Auth.TokenMinutes);
            var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
            {
                Issuer = settings.Auth.Issuer,
                Audience = settings.Auth.Audience,
                Expires = expires.UtcDateTime,
                Subject = new ClaimsIdentity([
                    new Claim(ClaimNames.Name, name!),
                    new Claim(ClaimNames.Organisation, body!.Organisation!),
                    new Claim(ClaimNames.Role, body.Role!),
                ]),
                SigningCredentials = new SigningCredentials(Authentication.SigningKey(settings.Auth), SecurityAlgorithms.HmacSha256),
            });
            return Answers.Ok(new { token, expiresAt = expires });
        }).AllowAnonymous().WithTags("Development");
    }

    private static bool IsOrganisation(string? org) =>
        Codes.IsVerbandCode(org) || Codes.IsSchoolCode(org) || Codes.IsMunicipalityCode(org)
        || org is "onderwijsconsulent" or "coordination"
        || org is not null && org.StartsWith(Access.ExpertteamPrefix, StringComparison.Ordinal) && org.Length is > 12 and <= 112;
}
