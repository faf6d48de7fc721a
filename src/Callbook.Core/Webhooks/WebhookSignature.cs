using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Callbook.Webhooks;

/// <summary>
/// Signing secrets and the <c>Callbook-Signature</c> header: <c>v1=</c> + hex HMAC-SHA256, keyed with the
/// UTF-8 bytes of the whole secret, over <c>timestamp + "." + body</c> (timestamp in Unix seconds,
/// as sent in <c>Callbook-Timestamp</c>). During the grace period after a secret rotation the header
/// carries one signature per secret, separated by a space, the current secret's first
/// (<c>v1=&lt;hex&gt; v1=&lt;hex&gt;</c>, as Standard Webhooks does): a receiver accepts the event when any
/// of them matches a secret it holds.
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

    /// <summary>The header value for several secrets: their signatures, space-separated, in the order given.</summary>
    public static string SignAll(IReadOnlyList<string> secrets, long timestamp, ReadOnlySpan<byte> body)
    {
        var signatures = new string[secrets.Count];
        for (var i = 0; i < secrets.Count; i++)
        {
            signatures[i] = Sign(secrets[i], timestamp, body);
        }
        return string.Join(' ', signatures);
    }

    /// <summary>What a receiver does: recompute and compare, in constant time, with each signature of the header.</summary>
    public static bool Verify(string secret, string timestamp, ReadOnlySpan<byte> body, string header)
    {
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return false;
        }
        var expected = Encoding.ASCII.GetBytes(Sign(secret, seconds, body));
        var matched = false;
        foreach (var signature in header.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            matched |= CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature));
        }
        return matched;
    }
}
