namespace Callbook.Tenancy;

/// <summary>
/// The JWT algorithms an app can be created with (the RFC 7518 names the vendor offers) and the
/// one JWE combination Callbook decrypts. Anything not listed here is refused.
/// </summary>
public static class JwtAlgorithms
{
    /// <summary>HMAC with SHA-256, keyed with the app's client secret (the default).</summary>
    public const string Hs256 = "HS256";

    /// <summary>HMAC with SHA-512, keyed with the app's client secret.</summary>
    public const string Hs512 = "HS512";

    /// <summary>RSASSA-PKCS1-v1_5 with SHA-256, verified with the app's registered public key.</summary>
    public const string Rs256 = "RS256";

    /// <summary>RSASSA-PKCS1-v1_5 with SHA-512, verified with the app's registered public key.</summary>
    public const string Rs512 = "RS512";

    /// <summary>JWE key management: RSAES-OAEP with SHA-256 and MGF1 with SHA-256 (RFC 7518 §4.3).</summary>
    public const string KeyEncryption = "RSA-OAEP-256";

    /// <summary>JWE content encryption: AES-256 in Galois/Counter Mode (RFC 7518 §5.3).</summary>
    public const string ContentEncryption = "A256GCM";

    /// <summary>The JWE <c>cty</c> of a nested JWT (RFC 7519 §5.2).</summary>
    public const string NestedContentType = "JWT";

    public static readonly IReadOnlyList<string> Signing = [Hs256, Hs512, Rs256, Rs512];

    /// <summary>True for the algorithms verified with a registered RSA public key.</summary>
    public static bool IsRsa(string algorithm) => algorithm is Rs256 or Rs512;

    /// <summary>The canonical name of a signing algorithm given in any case; null when it is not one of <see cref="Signing"/>.</summary>
    public static string? Parse(string? text) =>
        Signing.FirstOrDefault(a => string.Equals(a, text?.Trim(), StringComparison.OrdinalIgnoreCase));
}
