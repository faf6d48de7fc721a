using System.Security.Cryptography;
using Callbook.Tenancy;
using Jose;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Callbook.Api.Auth;

/// <summary>
/// Nested JWTs (RFC 7519 §5.2): a signed token encrypted as a JWE in compact form (RFC 7516) with
/// RSA-OAEP-256 and A256GCM, <c>cty: "JWT"</c>, and <c>kid</c> naming the app whose key it was
/// encrypted to. Decryption is jose-jwt's (Microsoft.IdentityModel has no RSA-OAEP-256); every other
/// <c>alg</c>, <c>enc</c> and compression is refused before any key is touched.
/// </summary>
public static class EncryptedTokens
{
    /// <summary>Why a JWE's header is not one Callbook decrypts; null when it is.</summary>
    public static string? HeaderError(JsonWebToken jwe)
    {
        if (jwe.Alg != JwtAlgorithms.KeyEncryption || jwe.Enc != JwtAlgorithms.ContentEncryption)
        {
            return $"an encrypted token must use alg {JwtAlgorithms.KeyEncryption} and enc {JwtAlgorithms.ContentEncryption}";
        }
        if (!string.Equals(jwe.Cty, JwtAlgorithms.NestedContentType, StringComparison.OrdinalIgnoreCase))
        {
            return "an encrypted token must hold a signed JWT (cty: \"JWT\")";
        }
        if (jwe.Zip.Length > 0)
        {
            return "compressed (zip) tokens are not accepted";
        }
        return string.IsNullOrEmpty(jwe.Kid) ? "an encrypted token must name its app's key in kid" : null;
    }

    /// <summary>The signed token inside; null when the JWE does not decrypt with this key (tampered, truncated, other key).</summary>
    public static string? Decrypt(string jwe, RSA key)
    {
        try
        {
            return JWE.Decrypt(jwe, key, JweAlgorithm.RSA_OAEP_256, JweEncryption.A256GCM).Plaintext;
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            // One answer for every failure (key unwrap, tag, format): no padding or tag oracle.
            return null;
        }
    }

    /// <summary>Encrypts a signed token to an app's JWE public key (PEM) as a client does: a nested JWT whose <c>kid</c> is the app's client id.</summary>
    public static string Encrypt(string signedToken, string clientId, string publicKeyPem)
    {
        using var rsa = RSA.Create();
        rsa.ImportFromPem(publicKeyPem);
        return JWT.Encode(signedToken, rsa, JweAlgorithm.RSA_OAEP_256, JweEncryption.A256GCM,
            extraHeaders: new Dictionary<string, object> { ["cty"] = JwtAlgorithms.NestedContentType, ["kid"] = clientId });
    }
}
