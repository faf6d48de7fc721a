using System.Collections.Concurrent;
using System.Text;
using Callbook.Storage;
using Callbook.Tenancy;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Callbook.Api.Auth;

/// <summary>
/// Validates the JWTs of section 2 with Microsoft.IdentityModel: HMAC-signed with the app's
/// client secret (HS256, or HS512 where the app allows it), <c>appId</c> (or <c>iss</c>)
/// naming the app, <c>exp</c> enforced with 60 s skew, no <c>iat</c> in the future, and a
/// <c>jti</c> used once when the app enforces it.
/// A token whose signature was verified is remembered with the <see cref="App"/> it was verified
/// against: while the tenancy store hands out that same App (same secret, not revoked, not
/// reloaded: see CachedTenancyStore) only its lifetime is checked again. Tokens of apps that
/// enforce jti are never remembered.
/// </summary>
public sealed class Tokens(ITenancyStore tenancy, TimeProvider clock, ILogger<Tokens> logger)
{
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(60);
    // At most 10,000 tokens of at most 2 KB are remembered (≈ 40 MB of strings at worst; a typical token is 200 bytes).
    private const int MaxRemembered = 10_000;
    private const int MaxRememberedLength = 2048;
    private static readonly JsonWebTokenHandler Handler = new() { MapInboundClaims = false };
    private readonly ConcurrentDictionary<string, Verified> verified = new(StringComparer.Ordinal);

    public async Task<TokenCheck> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        if (token.Length > 8192)
        {
            return TokenCheck.Fail("the token is not a well-formed JWT");
        }
        if (verified.TryGetValue(token, out var seen) &&
            ReferenceEquals(await tenancy.FindAppAsync(seen.App.ClientId, cancellationToken), seen.App) &&
            LifetimeOk(seen.NotBefore, seen.Expires))
        {
            return new TokenCheck(seen.App, null);
        }
        if (!Handler.CanReadToken(token))
        {
            return TokenCheck.Fail("the token is not a well-formed JWT");
        }
        JsonWebToken jwt;
        try
        {
            jwt = Handler.ReadJsonWebToken(token);
        }
        catch (ArgumentException)
        {
            return TokenCheck.Fail("the token is not a well-formed JWT");
        }
        var clientId = jwt.TryGetPayloadValue<string>("appId", out var appId) && !string.IsNullOrEmpty(appId) ? appId : jwt.Issuer;
        if (string.IsNullOrEmpty(clientId))
        {
            return TokenCheck.Fail("the token names no app: set the appId claim");
        }
        App? app;
        try
        {
            app = await tenancy.FindAppAsync(clientId, cancellationToken);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            // The secret was encrypted with another key ring: a configuration fault, not the caller's.
            logger.LogError("The secret of app {ClientId} cannot be decrypted: is CALLBOOK_KEYS the key ring it was created with?", clientId);
            return TokenCheck.Fail("the token's app cannot be verified on this node");
        }
        if (app is null || app.IsRevoked)
        {
            return TokenCheck.Fail("the token's app is unknown or revoked");
        }
        var checkedAt = clock.GetUtcNow();
        var result = await Handler.ValidateTokenAsync(token, Parameters(app, app.Secret));
        var withCurrentSecret = result.IsValid;
        if (!result.IsValid && app.PreviousSecret is { } previous && app.PreviousSecretExpiresAt > checkedAt)
        {
            // Within the grace period of a rotation, tokens signed with the old secret still count.
            result = await Handler.ValidateTokenAsync(token, Parameters(app, previous));
        }
        if (!result.IsValid)
        {
            return TokenCheck.Fail("the token's signature, algorithm or lifetime is not valid");
        }
        if (jwt.IssuedAt != DateTime.MinValue && jwt.IssuedAt > checkedAt.UtcDateTime + ClockSkew)
        {
            return TokenCheck.Fail("the token was issued in the future (iat)");
        }
        if (app.EnforceJti)
        {
            if (string.IsNullOrEmpty(jwt.Id) || jwt.Id.Length > 256)
            {
                return TokenCheck.Fail("this app requires a jti claim");
            }
            var expires = jwt.ValidTo == DateTime.MinValue ? DateTimeOffset.MaxValue : new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero) + ClockSkew;
            if (!await tenancy.TryUseTokenIdAsync(app.ClientId, jwt.Id, expires, cancellationToken))
            {
                return TokenCheck.Fail("the token was already used (jti replay)");
            }
        }
        else if (withCurrentSecret && token.Length <= MaxRememberedLength)
        {
            Remember(token, new Verified(app, Time(jwt.ValidFrom), Time(jwt.ValidTo)));
        }
        return new TokenCheck(app, null);
    }

    /// <summary>Signs a token for an app, as <c>callbook token</c> and the demo bootstrap print it.</summary>
    public static string Issue(string clientId, string secret, TimeSpan lifetime, DateTimeOffset now, bool hs512 = false, string? jti = null)
    {
        var claims = new Dictionary<string, object> { ["appId"] = clientId };
        if (jti is not null)
        {
            claims["jti"] = jti;
        }
        var descriptor = new SecurityTokenDescriptor
        {
            Claims = claims,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + lifetime).UtcDateTime,
            SigningCredentials = new SigningCredentials(Key(secret), hs512 ? SecurityAlgorithms.HmacSha512 : SecurityAlgorithms.HmacSha256),
        };
        return Handler.CreateToken(descriptor);
    }

    private TokenValidationParameters Parameters(App app, string secret) => new()
    {
        ValidateIssuer = false,
        ValidateAudience = false,
        ValidateLifetime = true,
        RequireExpirationTime = false,
        RequireSignedTokens = true,
        ClockSkew = ClockSkew,
        IssuerSigningKey = Key(secret),
        ValidAlgorithms = app.AllowHs512 ? [SecurityAlgorithms.HmacSha256, SecurityAlgorithms.HmacSha512] : [SecurityAlgorithms.HmacSha256],
        LifetimeValidator = (notBefore, expires, _, _) => LifetimeOk(notBefore, expires),
    };

    private bool LifetimeOk(DateTime? notBefore, DateTime? expires)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return (expires is null || expires.Value + ClockSkew >= now) && (notBefore is null || notBefore.Value - ClockSkew <= now);
    }

    private static SymmetricSecurityKey Key(string secret) => new(Encoding.UTF8.GetBytes(secret));

    private static DateTime? Time(DateTime value) => value == DateTime.MinValue ? null : value;

    private void Remember(string token, Verified entry)
    {
        if (verified.Count >= MaxRemembered)
        {
            verified.Clear();
        }
        verified[token] = entry;
    }

    /// <summary>A token whose signature <see cref="App"/>'s current secret verified, and its lifetime.</summary>
    private sealed record Verified(App App, DateTime? NotBefore, DateTime? Expires);
}

/// <summary>The app a token proves, or why it proves nothing.</summary>
public sealed record TokenCheck(App? App, string? Error)
{
    public static TokenCheck Fail(string error) => new(null, error);
}

