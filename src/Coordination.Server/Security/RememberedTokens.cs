using System.Collections.Concurrent;
using Microsoft.IdentityModel.Tokens;

namespace Coordination.Server.Security;

/// <summary>
/// Remembers tokens that passed validation for a short while. An integrator or a board sends the same token with
/// every request, and checking its signature and claims each time was 5 % of the server's CPU under load (W1 in
/// docs/benchmarks.md). A token is remembered only once valid, never past its own expiry, and at most
/// <see cref="RememberFor"/>, so a signing key taken out of service stops working within that time. Every request
/// gets its own copy of the identity, so nothing one request does to it reaches another.
/// </summary>
public sealed class RememberedTokens(TokenHandler inner, TimeProvider time) : TokenHandler
{
    public static readonly TimeSpan RememberFor = TimeSpan.FromMinutes(1);

    // Enough for the people and integrators active on one host within a minute; when full, the expired go, and if
    // that is not enough it starts again rather than grow (an entry holds the parsed token and its identity).
    private const int MaxTokens = 2_000;
    private readonly ConcurrentDictionary<string, Remembered> _valid = new(StringComparer.Ordinal);

    private sealed record Remembered(TokenValidationResult Result, DateTimeOffset Until);

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        var now = time.GetUtcNow();
        if (_valid.TryGetValue(token, out var remembered) && remembered.Until > now) return Copy(remembered.Result);
        var result = await inner.ValidateTokenAsync(token, validationParameters);
        if (!result.IsValid || result.ClaimsIdentity is null) return result;
        var expires = new DateTimeOffset(DateTime.SpecifyKind(result.SecurityToken.ValidTo, DateTimeKind.Utc));
        var until = now + RememberFor < expires ? now + RememberFor : expires;
        if (until > now)
        {
            if (_valid.Count >= MaxTokens) MakeRoom(now);
            _valid[token] = new Remembered(result, until);
        }
        return Copy(result);
    }

    public override SecurityToken ReadToken(string token) => inner.ReadToken(token);

    private void MakeRoom(DateTimeOffset now)
    {
        foreach (var (token, remembered) in _valid)
            if (remembered.Until <= now) _valid.TryRemove(token, out _);
        if (_valid.Count >= MaxTokens) _valid.Clear();
    }

    private static TokenValidationResult Copy(TokenValidationResult valid) => new()
    {
        IsValid = true,
        ClaimsIdentity = valid.ClaimsIdentity.Clone(),
        SecurityToken = valid.SecurityToken,
        Issuer = valid.Issuer,
        TokenType = valid.TokenType,
    };
}
