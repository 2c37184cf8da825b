using System.Security.Claims;
using System.Text;
using Coordination.Domain.Common;
using Coordination.Server.Hosting;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.IdentityModel.Tokens;

namespace Coordination.Server.Security;

/// <summary>No anonymous access except sign-in, health and static assets: every other endpoint, the hub, the dashboard and the API docs need a token.</summary>
public static class Authentication
{
    public const string AdminPolicy = "admin";

    public static void AddCoordinationAuth(this WebApplicationBuilder builder, CoordinationSettings settings)
    {
        var auth = settings.Auth;
        if (string.IsNullOrWhiteSpace(auth.Authority) && string.IsNullOrWhiteSpace(auth.SigningKey))
            throw new InvalidOperationException("No way to check tokens: set Coordination:Auth:Authority (OpenID Connect) or Coordination:Auth:SigningKey (COORDINATION_SIGNING_KEY).");

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(o =>
        {
            o.MapInboundClaims = false;
            o.TokenHandlers[0] = new RememberedTokens(o.TokenHandlers[0], TimeProvider.System);
            o.TokenValidationParameters = new TokenValidationParameters
            {
                ValidAudience = auth.Audience,
                NameClaimType = ClaimNames.Name,
                RoleClaimType = ClaimNames.Role,
                ClockSkew = TimeSpan.FromMinutes(1),
            };
            if (!string.IsNullOrWhiteSpace(auth.Authority))
            {
                o.Authority = auth.Authority;
            }
            else
            {
                o.TokenValidationParameters.ValidIssuer = auth.Issuer;
                o.TokenValidationParameters.IssuerSigningKey = SigningKey(auth);
            }
            // Browsers cannot send headers on a WebSocket: the hub takes the token from the query string.
            o.Events = new JwtBearerEvents
            {
                OnMessageReceived = context =>
                {
                    if (context.HttpContext.Request.Path.StartsWithSegments("/hubs")
                        && context.Request.Query["access_token"] is { Count: > 0 } token)
                        context.Token = token;
                    return Task.CompletedTask;
                },
            };
        });
        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().RequireClaim(ClaimNames.Organisation).Build())
            .AddPolicy(AdminPolicy, p => p.RequireAuthenticatedUser().RequireRole(Roles.Admin));
    }

    public static SymmetricSecurityKey SigningKey(AuthSettings auth)
    {
        byte[] bytes;
        try { bytes = Convert.FromBase64String(auth.SigningKey!); }
        catch (FormatException) { throw new InvalidOperationException("Coordination:Auth:SigningKey must be base64."); }
        if (bytes.Length < 32) throw new InvalidOperationException("Coordination:Auth:SigningKey must be at least 32 bytes.");
        return new SymmetricSecurityKey(bytes);
    }

    /// <summary>Who is calling, from the token: name, organisation and role.</summary>
    public static Actor ToActor(this ClaimsPrincipal user) =>
        new(user.FindFirstValue(ClaimNames.Name) ?? "unknown", user.FindFirstValue(ClaimNames.Organisation) ?? "unknown");

    public static string Role(this ClaimsPrincipal user) => user.FindFirstValue(ClaimNames.Role) ?? "";
}
