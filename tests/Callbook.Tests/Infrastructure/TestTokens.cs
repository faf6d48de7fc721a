using System.Security.Cryptography;
using System.Text;

namespace Callbook.Tests.Infrastructure;

/// <summary>Hand-made JWTs, including the malformed and hostile ones a real library would refuse to make.</summary>
public static class TestTokens
{
    public static string Hmac(string payloadJson, string secret, string alg = "HS256") => Hmac(payloadJson, Encoding.UTF8.GetBytes(secret), alg);

    /// <summary>An HMAC token keyed with raw bytes (e.g. a public key's DER, as in algorithm-confusion attacks).</summary>
    public static string Hmac(string payloadJson, byte[] key, string alg = "HS256")
    {
        var signingInput = Encode($$"""{"alg":"{{alg}}","typ":"JWT"}""") + "." + Encode(payloadJson);
        var signature = alg switch
        {
            "HS256" => HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(signingInput)),
            "HS384" => HMACSHA384.HashData(key, Encoding.ASCII.GetBytes(signingInput)),
            "HS512" => HMACSHA512.HashData(key, Encoding.ASCII.GetBytes(signingInput)),
            _ => throw new ArgumentOutOfRangeException(nameof(alg)),
        };
        return signingInput + "." + Base64Url(signature);
    }

    public static string None(string payloadJson) =>
        Encode("""{"alg":"none","typ":"JWT"}""") + "." + Encode(payloadJson) + ".";

    public static string Rs256(string payloadJson)
    {
        using var rsa = RSA.Create(2048);
        return Rsa(payloadJson, rsa, "RS256");
    }

    /// <summary>An RS256 or RS512 token signed with <paramref name="key"/>, any claims.</summary>
    public static string Rsa(string payloadJson, RSA key, string alg)
    {
        var signingInput = Encode($$"""{"alg":"{{alg}}","typ":"JWT"}""") + "." + Encode(payloadJson);
        var hash = alg == "RS512" ? HashAlgorithmName.SHA512 : HashAlgorithmName.SHA256;
        return signingInput + "." + Base64Url(key.SignData(Encoding.ASCII.GetBytes(signingInput), hash, RSASignaturePadding.Pkcs1));
    }

    public static long Now(int offsetSeconds = 0) => DateTimeOffset.UtcNow.ToUnixTimeSeconds() + offsetSeconds;

    private static string Encode(string json) => Base64Url(Encoding.UTF8.GetBytes(json));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
