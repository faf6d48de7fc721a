using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Callbook.Tenancy;

/// <summary>
/// The RSA keys of apps: the public key an RS256/RS512 app registers (PEM or JWK, RFC 7517), and
/// the encryption key pair Callbook keeps for apps that take JWE tokens. Keys are stored as PEM:
/// public keys as SubjectPublicKeyInfo ("PUBLIC KEY"), private keys as PKCS#8 ("PRIVATE KEY").
/// </summary>
public static class RsaKeys
{
    /// <summary>Smaller RSA keys are refused (NIST SP 800-131A).</summary>
    public const int MinBits = 2048;

    /// <summary>Larger keys are refused: they buy nothing and slow every verification.</summary>
    public const int MaxBits = 8192;

    /// <summary>The size of the encryption keys Callbook makes for JWE apps.</summary>
    public const int EncryptionKeyBits = 2048;

    /// <summary>A key file longer than this is refused before it is parsed.</summary>
    public const int MaxTextLength = 64 * 1024;

    /// <summary>
    /// Reads the public key an app registers: PEM ("PUBLIC KEY", "RSA PUBLIC KEY" or an X.509
    /// "CERTIFICATE") or a JWK with <c>kty</c> RSA. A JWK's <c>alg</c>, when present, must be
    /// <paramref name="algorithm"/>. Returns the key as SubjectPublicKeyInfo PEM, or why it is refused.
    /// </summary>
    public static (string? PublicKeyPem, string? Error) ReadPublicKey(string text, string algorithm)
    {
        if (text.Length > MaxTextLength)
        {
            return (null, $"the key file is larger than {MaxTextLength / 1024} KB");
        }
        var trimmed = text.Trim();
        try
        {
            using var rsa = trimmed.StartsWith('{') ? FromJwk(trimmed, algorithm, out var error) : FromPem(trimmed, out error);
            if (rsa is null)
            {
                return (null, error);
            }
            if (rsa.KeySize is < MinBits or > MaxBits)
            {
                return (null, $"the RSA key has {rsa.KeySize} bits: between {MinBits} and {MaxBits} are accepted");
            }
            return (rsa.ExportSubjectPublicKeyInfoPem(), null);
        }
        catch (Exception e) when (e is CryptographicException or JsonException or FormatException or ArgumentException or InvalidOperationException)
        {
            return (null, "the key cannot be read: give an RSA public key as PEM (BEGIN PUBLIC KEY) or as a JWK (kty RSA, n, e)");
        }
    }

    /// <summary>A new encryption key pair for an app that takes JWE tokens, as PKCS#8 PEM.</summary>
    public static string NewEncryptionKey()
    {
        using var rsa = RSA.Create(EncryptionKeyBits);
        return rsa.ExportPkcs8PrivateKeyPem();
    }

    /// <summary>The public half of a PKCS#8 PEM private key, as SubjectPublicKeyInfo PEM.</summary>
    public static string PublicPemOf(string privateKeyPem)
    {
        using var rsa = RSA.Create();
        rsa.ImportFromPem(privateKeyPem);
        return rsa.ExportSubjectPublicKeyInfoPem();
    }

    /// <summary>
    /// The public JWK (RFC 7517 §4) of a PEM key, with <c>kid</c>, <c>use</c> and <c>alg</c> set,
    /// so that a library given this JWK writes the right JWE header by itself.
    /// </summary>
    public static JsonObject PublicJwkOf(string pem, string keyId, string use, string algorithm)
    {
        using var rsa = RSA.Create();
        rsa.ImportFromPem(pem);
        var parameters = rsa.ExportParameters(includePrivateParameters: false);
        return new JsonObject
        {
            ["kty"] = "RSA",
            ["kid"] = keyId,
            ["use"] = use,
            ["alg"] = algorithm,
            ["n"] = Base64Url(parameters.Modulus!),
            ["e"] = Base64Url(parameters.Exponent!),
        };
    }

    private static RSA? FromPem(string text, out string? error)
    {
        if (!PemEncoding.TryFind(text, out var fields))
        {
            error = "the key is neither PEM (-----BEGIN PUBLIC KEY-----) nor a JWK (a JSON object)";
            return null;
        }
        var label = text[fields.Label];
        if (label.Contains("PRIVATE", StringComparison.Ordinal))
        {
            error = "this is a private key: register the public key only (openssl rsa -in key.pem -pubout)";
            return null;
        }
        error = null;
        if (label == "CERTIFICATE")
        {
            using var certificate = X509Certificate2.CreateFromPem(text[fields.Location]);
            return certificate.GetRSAPublicKey() ?? throw new CryptographicException("not an RSA certificate");
        }
        if (label is not ("PUBLIC KEY" or "RSA PUBLIC KEY"))
        {
            error = $"a PEM \"{label}\" is not an RSA public key";
            return null;
        }
        var rsa = RSA.Create();
        rsa.ImportFromPem(text[fields.Location]);
        return rsa;
    }

    private static RSA? FromJwk(string text, string algorithm, out string? error)
    {
        var jwk = JsonNode.Parse(text)?.AsObject() ?? throw new JsonException("not an object");
        string? Member(string name) => jwk.TryGetPropertyValue(name, out var value) && value is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        if (Member("kty") != "RSA")
        {
            error = "the JWK must have kty \"RSA\"";
            return null;
        }
        if (jwk.ContainsKey("d") || jwk.ContainsKey("p"))
        {
            error = "this JWK holds a private key: register the public key only (kty, n, e)";
            return null;
        }
        if (Member("alg") is { } alg && alg != algorithm)
        {
            error = $"the JWK is for {alg}, the app for {algorithm}";
            return null;
        }
        if (Member("use") is { } use && use != "sig")
        {
            error = $"the JWK's use is \"{use}\": a signing key has use \"sig\"";
            return null;
        }
        var (n, e) = (Member("n"), Member("e"));
        if (n is null || e is null)
        {
            error = "the JWK needs n and e";
            return null;
        }
        error = null;
        var rsa = RSA.Create();
        rsa.ImportParameters(new RSAParameters { Modulus = FromBase64Url(n), Exponent = FromBase64Url(e) });
        return rsa;
    }

    private static string Base64Url(byte[] bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);

    private static byte[] FromBase64Url(string text) => System.Buffers.Text.Base64Url.DecodeFromChars(text);
}
