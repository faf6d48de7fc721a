using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Callbook.Webhooks;

/// <summary>
/// Signing secrets and the <c>Callbook-Signature</c> header: <c>v1=</c> + hex HMAC-SHA256, keyed with the
/// UTF-8 bytes of the whole secret, over <c>timestamp + "." + body</c> (timestamp in Unix seconds,
/// as sent in <c>Callbook-Timestamp</c>).
/// </summary>
public static class WebhookSignature
{
    public const string Scheme = "v1=";

    /// <summary>"whsec_" and 43 URL-safe characters (256 random bits).</summary>
    public static string NewSecret() =>
        "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Sign(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return Scheme + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }

    /// <summary>What a receiver does: recompute and compare in constant time.</summary>
    public static bool Verify(string secret, string timestamp, ReadOnlySpan<byte> body, string signature) =>
        long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) &&
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(secret, seconds, body)), Encoding.ASCII.GetBytes(signature));
}
