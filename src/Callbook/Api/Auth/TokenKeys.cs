using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Callbook.Tenancy;
using Microsoft.IdentityModel.Tokens;

namespace Callbook.Api.Auth;

/// <summary>
/// The keys that verify an app's tokens, as Microsoft.IdentityModel wants them. RSA keys are parsed
/// from their PEM once and kept (at most <see cref="MaxKeys"/>), because the tenancy cache hands out
/// a freshly read <see cref="App"/> every 100 ms and parsing is the slow part. Only the kind of key
/// the app's algorithm calls for is ever made: an RS app's public key never becomes an HMAC key, and
/// an HS app's secret never meets an RSA algorithm (the algorithm-confusion attacks).
/// </summary>
internal sealed class TokenKeys
{
    private const int MaxKeys = 1000;
    private readonly ConcurrentDictionary<string, RsaSecurityKey> publicKeys = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, RSA> privateKeys = new(StringComparer.Ordinal);

    /// <summary>The key the app's current credential verifies with, and the previous one while its grace period lasts.</summary>
    public (SecurityKey Current, SecurityKey? Previous) SigningKeys(App app, DateTimeOffset now)
    {
        if (JwtAlgorithms.IsRsa(app.Algorithm))
        {
            var previous = app.PreviousPublicKey is { } old && app.PreviousPublicKeyExpiresAt > now ? PublicKey(old) : null;
            return (PublicKey(app.PublicKey ?? throw new InvalidOperationException($"RS app {app.ClientId} has no public key")), previous);
        }
        var previousSecret = app.PreviousSecret is { } secret && app.PreviousSecretExpiresAt > now ? Hmac(secret) : null;
        return (Hmac(app.Secret), previousSecret);
    }

    /// <summary>The private key that decrypts the app's JWE tokens; null when the app takes none.</summary>
    public RSA? Decryption(App app) =>
        app.JwePrivateKey is { } pem ? Cached(privateKeys, pem, () => Rsa(pem)) : null;

    public static SymmetricSecurityKey Hmac(string secret) => new(Encoding.UTF8.GetBytes(secret));

    private RsaSecurityKey PublicKey(string pem) => Cached(publicKeys, pem, () => new RsaSecurityKey(Rsa(pem)));

    private static RSA Rsa(string pem)
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem(pem);
        return rsa;
    }

    private static T Cached<T>(ConcurrentDictionary<string, T> cache, string pem, Func<T> create)
    {
        if (cache.TryGetValue(pem, out var key))
        {
            return key;
        }
        if (cache.Count >= MaxKeys)
        {
            cache.Clear();
        }
        return cache.GetOrAdd(pem, _ => create());
    }
}
