using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace Callbook.Api.Auth;

/// <summary>Making tokens as a client would, for <c>callbook token</c>, the demo bootstrap, tests and benchmarks.</summary>
public sealed partial class Tokens
{
    /// <summary>An HS256 (or HS512) token signed with an app's client secret.</summary>
    public static string Issue(string clientId, string secret, TimeSpan lifetime, DateTimeOffset now, bool hs512 = false, string? jti = null) =>
        Issue(clientId, new SigningCredentials(TokenKeys.Hmac(secret), hs512 ? SecurityAlgorithms.HmacSha512 : SecurityAlgorithms.HmacSha256), lifetime, now, jti);

    /// <summary>An RS256 or RS512 token signed with the private key of an RS app.</summary>
    public static string IssueRsa(string clientId, RSA privateKey, string algorithm, TimeSpan lifetime, DateTimeOffset now, string? jti = null) =>
        Issue(clientId, new SigningCredentials(new RsaSecurityKey(privateKey), algorithm), lifetime, now, jti);

    private static string Issue(string clientId, SigningCredentials credentials, TimeSpan lifetime, DateTimeOffset now, string? jti)
    {
        var claims = new Dictionary<string, object> { ["appId"] = clientId };
        if (jti is not null)
        {
            claims["jti"] = jti;
        }
        var descriptor = new SecurityTokenDescriptor
        {
            Claims = claims,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + lifetime).UtcDateTime,
            SigningCredentials = credentials,
        };
        return Handler.CreateToken(descriptor);
    }
}
