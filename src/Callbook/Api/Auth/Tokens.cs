using System.Collections.Concurrent;
using Callbook.Stores;
using Callbook.Tenancy;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Callbook.Api.Auth;

/// <summary>
/// Validates the JWTs of section 2 with Microsoft.IdentityModel. An app accepts only the algorithm
/// it was created with (<see cref="App.SigningAlgorithms"/>): HS256/HS512 tokens signed with its
/// client secret, or RS256/RS512 tokens verified with its registered public key; <c>appId</c> (or
/// <c>iss</c>) names the app, <c>exp</c> is enforced with 60 s skew, no <c>iat</c> in the future,
/// and a <c>jti</c> is used once when the app enforces it. Apps with a JWE key also take the signed
/// token encrypted (<see cref="EncryptedTokens"/>), and apps that enforce JWE take nothing else;
/// the inner token is then checked exactly as a plain one.
/// A token whose signature was verified is remembered with the <see cref="App"/> it was verified
/// against: while the tenancy store hands out that same App (same keys, not revoked, not
/// reloaded: see CachedTenancyStore) only its lifetime is checked again. Tokens of apps that
/// enforce jti are never remembered.
/// </summary>
public sealed partial class Tokens(IAuthStore tenancy, TimeProvider clock, ILogger<Tokens> logger)
{
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(60);
    // At most 10,000 tokens of at most 2 KB are remembered (≈ 40 MB of strings at worst; a typical token is 200 bytes, a JWE 1 KB).
    private const int MaxRemembered = 10_000;
    private const int MaxRememberedLength = 2048;
    private const int MaxLength = 8192;
    private const string Malformed = "the token is not a well-formed JWT";
    private static readonly JsonWebTokenHandler Handler = new() { MapInboundClaims = false };
    private readonly ConcurrentDictionary<string, Verified> verified = new(StringComparer.Ordinal);
    private readonly TokenKeys keys = new();

    public async Task<TokenCheck> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        if (token.Length > MaxLength)
        {
            return TokenCheck.Fail(Malformed);
        }
        if (verified.TryGetValue(token, out var seen) &&
            ReferenceEquals(await tenancy.FindAppAsync(seen.App.ClientId, cancellationToken), seen.App) &&
            LifetimeOk(seen.NotBefore, seen.Expires))
        {
            return new TokenCheck(seen.App, null);
        }
        if (Read(token) is not { } jwt)
        {
            return TokenCheck.Fail(Malformed);
        }
        if (jwt.IsEncrypted)
        {
            return await ValidateEncryptedAsync(token, jwt, cancellationToken);
        }
        var clientId = ClientId(jwt);
        if (string.IsNullOrEmpty(clientId))
        {
            return TokenCheck.Fail("the token names no app: set the appId claim");
        }
        var (app, error) = await FindAppAsync(clientId, cancellationToken);
        if (app is null)
        {
            return TokenCheck.Fail(error!);
        }
        if (app.EnforceJwe)
        {
            return TokenCheck.Fail("this app accepts only encrypted tokens (JWE)");
        }
        return await VerifySignedAsync(token, jwt, app, token, cancellationToken);
    }

    private async Task<TokenCheck> ValidateEncryptedAsync(string token, JsonWebToken jwe, CancellationToken cancellationToken)
    {
        if (EncryptedTokens.HeaderError(jwe) is { } headerError)
        {
            return TokenCheck.Fail(headerError);
        }
        var (app, error) = await FindAppAsync(jwe.Kid, cancellationToken);
        if (app is null)
        {
            return TokenCheck.Fail(error!);
        }
        if (keys.Decryption(app) is not { } key)
        {
            return TokenCheck.Fail("this app does not accept encrypted tokens");
        }
        if (EncryptedTokens.Decrypt(token, key) is not { } inner)
        {
            return TokenCheck.Fail("the encrypted token cannot be decrypted with this app's key");
        }
        if (Read(inner) is not { IsEncrypted: false } jwt)
        {
            return TokenCheck.Fail("the encrypted token must hold a signed JWT");
        }
        if (!string.Equals(ClientId(jwt), app.ClientId, StringComparison.Ordinal))
        {
            return TokenCheck.Fail("the inner token must name the app the token was encrypted to (kid)");
        }
        return await VerifySignedAsync(inner, jwt, app, token, cancellationToken);
    }

    /// <summary>Signature, algorithm, lifetime, iat and jti of a signed token; remembers <paramref name="rememberAs"/> when it passes.</summary>
    private async Task<TokenCheck> VerifySignedAsync(string token, JsonWebToken jwt, App app, string rememberAs, CancellationToken cancellationToken)
    {
        if (!app.SigningAlgorithms.Contains(jwt.Alg, StringComparer.Ordinal))
        {
            return TokenCheck.Fail($"this app accepts only {string.Join(" or ", app.SigningAlgorithms)} tokens");
        }
        var checkedAt = clock.GetUtcNow();
        var (current, previous) = keys.SigningKeys(app, checkedAt);
        var result = await Handler.ValidateTokenAsync(token, Parameters(app, current));
        var withCurrentKey = result.IsValid;
        if (!result.IsValid && previous is not null)
        {
            // Within the grace period of a rotation, tokens signed for the old secret or key still count.
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
        else if (withCurrentKey && rememberAs.Length <= MaxRememberedLength)
        {
            Remember(rememberAs, new Verified(app, Time(jwt.ValidFrom), Time(jwt.ValidTo)));
        }
        return new TokenCheck(app, null);
    }

    private async Task<(App? App, string? Error)> FindAppAsync(string clientId, CancellationToken cancellationToken)
    {
        App? app;
        try
        {
            app = await tenancy.FindAppAsync(clientId, cancellationToken);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            // The secret was encrypted with another key ring: a configuration fault, not the caller's.
            logger.LogError("The secret of app {ClientId} cannot be decrypted: is CALLBOOK_KEYS the key ring it was created with?", clientId);
            return (null, "the token's app cannot be verified on this node");
        }
        return app is null || app.IsRevoked ? (null, "the token's app is unknown or revoked") : (app, null);
    }

    private static JsonWebToken? Read(string token)
    {
        if (!Handler.CanReadToken(token))
        {
            return null;
        }
        try
        {
            return Handler.ReadJsonWebToken(token);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static string? ClientId(JsonWebToken jwt) =>
        jwt.TryGetPayloadValue<string>("appId", out var appId) && !string.IsNullOrEmpty(appId) ? appId : jwt.Issuer;

    private TokenValidationParameters Parameters(App app, SecurityKey key) => new()
    {
        ValidateIssuer = false,
        ValidateAudience = false,
        ValidateLifetime = true,
        RequireExpirationTime = false,
        RequireSignedTokens = true,
        ClockSkew = ClockSkew,
        IssuerSigningKey = key,
        ValidAlgorithms = app.SigningAlgorithms,
        LifetimeValidator = (notBefore, expires, _, _) => LifetimeOk(notBefore, expires),
    };

    private bool LifetimeOk(DateTime? notBefore, DateTime? expires)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return (expires is null || expires.Value + ClockSkew >= now) && (notBefore is null || notBefore.Value - ClockSkew <= now);
    }

    private static DateTime? Time(DateTime value) => value == DateTime.MinValue ? null : value;

    private void Remember(string token, Verified entry)
    {
        if (verified.Count >= MaxRemembered)
        {
            verified.Clear();
        }
        verified[token] = entry;
    }

    /// <summary>A token whose signature <see cref="App"/>'s current secret or key verified, and its lifetime.</summary>
    private sealed record Verified(App App, DateTime? NotBefore, DateTime? Expires);
}

/// <summary>The app a token proves, or why it proves nothing.</summary>
public sealed record TokenCheck(App? App, string? Error)
{
    public static TokenCheck Fail(string error) => new(null, error);
}
