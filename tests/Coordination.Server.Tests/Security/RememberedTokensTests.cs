using System.Security.Claims;
using Coordination.Server.Security;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Coordination.Server.Tests.Security;

/// <summary>A token that passed is not checked again for a minute, but never past its expiry, and a refused one always is.</summary>
public sealed class RememberedTokensTests
{
    private static readonly SymmetricSecurityKey Key = new(new byte[32]);
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly CountingHandler _inner = new();
    private readonly RememberedTokens _tokens;

    public RememberedTokensTests() => _tokens = new RememberedTokens(_inner, _time);

    private static readonly TokenValidationParameters Parameters = new()
    {
        ValidIssuer = "coordination",
        ValidAudience = "coordination",
        IssuerSigningKey = Key,
    };

    [Fact]
    public async Task A_valid_token_is_checked_once_and_each_request_gets_an_identity_of_its_own()
    {
        var token = Token(TimeSpan.FromHours(1));

        var first = await _tokens.ValidateTokenAsync(token, Parameters);
        var second = await _tokens.ValidateTokenAsync(token, Parameters);

        Assert.True(first.IsValid);
        Assert.True(second.IsValid);
        Assert.Equal(1, _inner.Calls);
        Assert.Equal("PO2601", second.ClaimsIdentity.FindFirst("org")?.Value);
        // The copy keeps the handler's kind of identity: claim types compared with case, as the handler does.
        Assert.IsType<CaseSensitiveClaimsIdentity>(second.ClaimsIdentity);
        first.ClaimsIdentity.AddClaim(new Claim("role", "admin"));
        Assert.Null(second.ClaimsIdentity.FindFirst(c => c.Type == "role" && c.Value == "admin"));
        Assert.Null((await _tokens.ValidateTokenAsync(token, Parameters)).ClaimsIdentity.FindFirst(c => c.Type == "role" && c.Value == "admin"));
    }

    [Fact]
    public async Task A_remembered_token_is_checked_again_after_a_minute()
    {
        var token = Token(TimeSpan.FromHours(1));
        await _tokens.ValidateTokenAsync(token, Parameters);

        _time.Advance(RememberedTokens.RememberFor - TimeSpan.FromSeconds(1));
        await _tokens.ValidateTokenAsync(token, Parameters);
        Assert.Equal(1, _inner.Calls);

        _time.Advance(TimeSpan.FromSeconds(2));
        await _tokens.ValidateTokenAsync(token, Parameters);
        Assert.Equal(2, _inner.Calls);
    }

    [Fact]
    public async Task A_token_is_never_remembered_past_its_own_expiry()
    {
        var token = Token(TimeSpan.FromSeconds(20));
        await _tokens.ValidateTokenAsync(token, Parameters);

        _time.Advance(TimeSpan.FromSeconds(21));
        await _tokens.ValidateTokenAsync(token, Parameters);

        Assert.Equal(2, _inner.Calls);
    }

    [Fact]
    public async Task A_refused_token_is_checked_every_time_and_stays_refused()
    {
        var forged = new JsonWebTokenHandler().CreateToken(Descriptor(TimeSpan.FromHours(1), new SymmetricSecurityKey(Enumerable.Repeat((byte)7, 32).ToArray())));

        Assert.False((await _tokens.ValidateTokenAsync(forged, Parameters)).IsValid);
        Assert.False((await _tokens.ValidateTokenAsync(forged, Parameters)).IsValid);
        Assert.Equal(2, _inner.Calls);
    }

    private static string Token(TimeSpan validFor) => new JsonWebTokenHandler().CreateToken(Descriptor(validFor, Key));

    private static SecurityTokenDescriptor Descriptor(TimeSpan validFor, SecurityKey key) => new()
    {
        Issuer = "coordination",
        Audience = "coordination",
        NotBefore = DateTime.UtcNow.AddMinutes(-1),
        Expires = DateTime.UtcNow + validFor,
        Subject = new ClaimsIdentity([new Claim("name", "Jan"), new Claim("org", "PO2601"), new Claim("role", "coordinator")]),
        SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
    };

    /// <summary>The real handler, counting how often it is asked.</summary>
    private sealed class CountingHandler : TokenHandler
    {
        private readonly JsonWebTokenHandler _real = new() { MapInboundClaims = false };
        public int Calls { get; private set; }

        public override Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
        {
            Calls++;
            return _real.ValidateTokenAsync(token, validationParameters);
        }
    }
}
