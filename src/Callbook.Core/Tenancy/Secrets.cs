using System.Security.Cryptography;

namespace Callbook.Tenancy;

public static class Secrets
{
    /// <summary>64 URL-safe characters: 512 bits, long enough for HS512 keys.</summary>
    public static string NewClientSecret() => Base64Url(RandomNumberGenerator.GetBytes(48));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
