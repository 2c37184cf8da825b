namespace Coordination.Server.Security;

/// <summary>
/// How callers prove who they are (Coordination:Auth): JWT bearer tokens, validated either against an OpenID
/// Connect authority or against a configured signing key (HMAC-SHA256, base64, at least 32 bytes).
/// </summary>
public sealed class AuthSettings
{
    public string? Authority { get; set; }
    public string Audience { get; set; } = "coordination";
    public string Issuer { get; set; } = "coordination";
    public string? SigningKey { get; set; }
    /// <summary>Lifetime of tokens issued by the development sign-in.</summary>
    public int TokenMinutes { get; set; } = 480;
}

/// <summary>The roles the product knows; the organisation claim says for whom a caller acts.</summary>
public static class Roles
{
    public const string Medewerker = "medewerker";
    public const string Coordinator = "coordinator";
    public const string ExpertteamMember = "expertteam";
    public const string Consulent = "consulent";
    public const string Integrator = "integrator";
    public const string Admin = "admin";

    public static readonly string[] All = [Medewerker, Coordinator, ExpertteamMember, Consulent, Integrator, Admin];
}

public static class ClaimNames
{
    public const string Name = "name";
    public const string Organisation = "org";
    public const string Role = "role";
}
