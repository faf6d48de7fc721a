using System.Security.Cryptography;
using System.Text;

namespace Callbook.Tests.Infrastructure;

/// <summary>Hand-made JWTs, including the malformed and hostile ones a real library would refuse to make.</summary>
public static class TestTokens
{
    public static string Hmac(string payloadJson, string secret, string alg = "HS256")
    {
        var signingInput = Encode($$"""{"alg":"{{alg}}","typ":"JWT"}""") + "." + Encode(payloadJson);
        var key = Encoding.UTF8.GetBytes(secret);
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
        var signingInput = Encode("""{"alg":"RS256","typ":"JWT"}""") + "." + Encode(payloadJson);
        var signature = rsa.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + Base64Url(signature);
    }

    public static long Now(int offsetSeconds = 0) => DateTimeOffset.UtcNow.ToUnixTimeSeconds() + offsetSeconds;

    private static string Encode(string json) => Base64Url(Encoding.UTF8.GetBytes(json));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
