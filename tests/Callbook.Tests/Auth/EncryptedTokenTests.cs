using System.Net;
using System.Security.Cryptography;
using System.Text;
using Callbook.Api.Auth;
using Jose;

namespace Callbook.Tests.Auth;

/// <summary>
/// Apps that take JWE tokens: a nested JWT (RFC 7519 §5.2) encrypted with RSA-OAEP-256 and
/// A256GCM is decrypted and its inner token checked as a plain one; every damaged or foreign JWE,
/// and every other algorithm, is a 401 with the contract's body.
/// </summary>
public sealed class EncryptedTokenTests
{
    [Theory, BothBackends]
    public async Task DamagedForeignOrDisallowedJweTokensAre401(string backend)
    {
        var factory = TestServers.For(backend);
        var api = await factory.NewTenantAsync();
        var app = await AppKinds.CreateAsync(factory, api.AccountId, api.StreamId, AppKind.JweHs256);
        var other = await AppKinds.CreateAsync(factory, api.AccountId, api.StreamId, AppKind.JweRs256);
        using var publicKey = RSA.Create();
        publicKey.ImportFromPem(app.JwePublicKey);
        var inner = app.Signed(AppKindTests.Claims(app));
        var good = EncryptedTokens.Encrypt(inner, app.ClientId, app.JwePublicKey);
        await Bodies.ReadAsync(await AppKindTests.SendAsync(api, good, HttpMethod.Get), HttpStatusCode.OK);

        string With(JweAlgorithm alg, JweEncryption enc, Dictionary<string, object> headers, string? payload = null, JweCompression? zip = null) =>
            JWT.Encode(payload ?? inner, alg == JweAlgorithm.DIR ? new byte[32] : publicKey, alg, enc, zip, headers);
        Dictionary<string, object> Headers(string? kid = null, string? cty = "JWT")
        {
            var headers = new Dictionary<string, object> { ["kid"] = kid ?? app.ClientId };
            if (cty is not null)
            {
                headers["cty"] = cty;
            }
            return headers;
        }
        var parts = good.Split('.');
        string Replace(int index, string segment) => string.Join('.', parts.Select((p, i) => i == index ? segment : p));
        string Flip(string segment) => segment[..(segment.Length / 2)] + (segment[segment.Length / 2] == 'A' ? 'B' : 'A') + segment[(segment.Length / 2 + 1)..];
        var headerJson = Encoding.UTF8.GetString(Base64Url.Decode(parts[0]));

        var bad = new Dictionary<string, string>
        {
            ["tampered ciphertext"] = Replace(3, Flip(parts[3])),
            ["tampered tag"] = Replace(4, Flip(parts[4])),
            ["tampered encrypted key"] = Replace(1, Flip(parts[1])),
            ["tampered iv"] = Replace(2, Flip(parts[2])),
            ["tampered protected header"] = Replace(0, Base64Url.Encode(Encoding.UTF8.GetBytes(headerJson.Replace("}", ",\"x\":1}", StringComparison.Ordinal)))),
            ["truncated: no tag"] = string.Join('.', parts.Take(4)),
            ["truncated: empty tag"] = Replace(4, ""),
            ["truncated: half the ciphertext"] = Replace(3, parts[3][..(parts[3].Length / 2)]),
            ["truncated: cut short"] = good[..(good.Length - 10)],
            ["encrypted to another app's key"] = EncryptedTokens.Encrypt(inner, app.ClientId, other.JwePublicKey),
            ["kid of another app"] = EncryptedTokens.Encrypt(inner, other.ClientId, app.JwePublicKey),
            ["no kid"] = JWT.Encode(inner, publicKey, JweAlgorithm.RSA_OAEP_256, JweEncryption.A256GCM, extraHeaders: new Dictionary<string, object> { ["cty"] = "JWT" }),
            ["unknown kid"] = With(JweAlgorithm.RSA_OAEP_256, JweEncryption.A256GCM, Headers(kid: "cs-00000000-0000-0000-0000-000000000000")),
            ["alg RSA-OAEP (SHA-1)"] = With(JweAlgorithm.RSA_OAEP, JweEncryption.A256GCM, Headers()),
            ["alg RSA1_5"] = With(JweAlgorithm.RSA1_5, JweEncryption.A256GCM, Headers()),
            ["alg RSA-OAEP-512"] = With(JweAlgorithm.RSA_OAEP_512, JweEncryption.A256GCM, Headers()),
            ["alg dir"] = With(JweAlgorithm.DIR, JweEncryption.A256GCM, Headers()),
            ["enc A128GCM"] = With(JweAlgorithm.RSA_OAEP_256, JweEncryption.A128GCM, Headers()),
            ["enc A256CBC-HS512"] = With(JweAlgorithm.RSA_OAEP_256, JweEncryption.A256CBC_HS512, Headers()),
            ["no cty"] = With(JweAlgorithm.RSA_OAEP_256, JweEncryption.A256GCM, Headers(cty: null)),
            ["cty JSON"] = With(JweAlgorithm.RSA_OAEP_256, JweEncryption.A256GCM, Headers(cty: "JSON")),
            ["compressed"] = With(JweAlgorithm.RSA_OAEP_256, JweEncryption.A256GCM, Headers(), zip: JweCompression.DEF),
            ["claims instead of a signed JWT"] = With(JweAlgorithm.RSA_OAEP_256, JweEncryption.A256GCM, Headers(), AppKindTests.Claims(app)),
            ["inner alg none"] = EncryptedTokens.Encrypt(TestTokens.None(AppKindTests.Claims(app)), app.ClientId, app.JwePublicKey),
            ["inner signed with a wrong secret"] = EncryptedTokens.Encrypt(TestTokens.Hmac(AppKindTests.Claims(app), "wrong"), app.ClientId, app.JwePublicKey),
            ["inner expired"] = EncryptedTokens.Encrypt(app.Signed($$"""{"appId":"{{app.ClientId}}","exp":{{TestTokens.Now(-120)}}}"""), app.ClientId, app.JwePublicKey),
            ["inner iat in the future"] = EncryptedTokens.Encrypt(app.Signed($$"""{"appId":"{{app.ClientId}}","iat":{{TestTokens.Now(600)}}}"""), app.ClientId, app.JwePublicKey),
            ["inner names another app"] = EncryptedTokens.Encrypt(other.Signed(AppKindTests.Claims(other)), app.ClientId, app.JwePublicKey),
            ["encrypted twice"] = EncryptedTokens.Encrypt(good, app.ClientId, app.JwePublicKey),
        };
        foreach (var (name, token) in bad)
        {
            var response = await AppKindTests.SendAsync(api, token, HttpMethod.Get);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{name}: {(int)response.StatusCode}");
            Assert.Equal("UNAUTHORIZED", await Bodies.SingleErrorCodeAsync(response, HttpStatusCode.Unauthorized));
        }
        // Nothing above disturbed the app: its good token still works.
        await Bodies.ReadAsync(await AppKindTests.SendAsync(api, good, HttpMethod.Get), HttpStatusCode.OK);
    }

    [Theory, BothBackends]
    public async Task AJtiIsAcceptedOnceEvenWhenEncryptedAgain(string backend)
    {
        var factory = TestServers.For(backend);
        var api = await factory.NewTenantAsync();
        foreach (var kind in new[] { AppKind.JweHs256, AppKind.JweRs256 })
        {
            var app = await AppKinds.CreateAsync(factory, api.AccountId, api.StreamId, kind, enforceJti: true);
            var inner = app.Signed($$"""{"appId":"{{app.ClientId}}","jti":"{{Guid.NewGuid()}}","exp":{{TestTokens.Now(300)}}}""");
            var token = EncryptedTokens.Encrypt(inner, app.ClientId, app.JwePublicKey);
            await Bodies.ReadAsync(await AppKindTests.SendAsync(api, token, HttpMethod.Get), HttpStatusCode.OK);
            Assert.Equal("UNAUTHORIZED", await Bodies.SingleErrorCodeAsync(await AppKindTests.SendAsync(api, token, HttpMethod.Get), HttpStatusCode.Unauthorized));
            // The same inner token in a fresh encryption (new content key and IV) is the same jti: refused.
            var again = EncryptedTokens.Encrypt(inner, app.ClientId, app.JwePublicKey);
            Assert.NotEqual(token, again);
            Assert.Equal("UNAUTHORIZED", await Bodies.SingleErrorCodeAsync(await AppKindTests.SendAsync(api, again, HttpMethod.Get), HttpStatusCode.Unauthorized));
            var noJti = EncryptedTokens.Encrypt(app.Signed(AppKindTests.Claims(app)), app.ClientId, app.JwePublicKey);
            Assert.Equal("UNAUTHORIZED", await Bodies.SingleErrorCodeAsync(await AppKindTests.SendAsync(api, noJti, HttpMethod.Get), HttpStatusCode.Unauthorized));
            await Bodies.ReadAsync(await AppKindTests.SendAsync(api, app.Token(jti: Guid.NewGuid().ToString()), HttpMethod.Get), HttpStatusCode.OK);
        }
    }

    [Theory, BothBackends]
    public async Task AnAppAllowingJweTakesBothFormsAndScopesStillApply(string backend)
    {
        var factory = TestServers.For(backend);
        var api = await factory.NewTenantAsync();
        var app = await AppKinds.CreateAsync(factory, api.AccountId, api.StreamId, AppKind.Rs256, allowJwe: true);
        var signed = app.Signed(AppKindTests.Claims(app));
        await Bodies.ReadAsync(await AppKindTests.SendAsync(api, signed, HttpMethod.Get), HttpStatusCode.OK);
        await Bodies.ReadAsync(await AppKindTests.SendAsync(api, app.Token(), HttpMethod.Get), HttpStatusCode.OK);

        // An encrypting app without the Configuration scope on a stream, or sent to another account, is refused as a plain one would be.
        var unscoped = await AppKinds.CreateAsync(factory, api.AccountId, (await factory.Database.Tenancy.CreateStreamAsync(api.AccountId, "other", null, TestContext.Current.CancellationToken)).StreamId, AppKind.JweHs256);
        Assert.Equal("FORBIDDEN", await Bodies.SingleErrorCodeAsync(await AppKindTests.SendAsync(api, unscoped.Token(), HttpMethod.Get), HttpStatusCode.Forbidden));
        var otherTenant = await factory.NewTenantAsync();
        var request = new HttpRequestMessage(HttpMethod.Get, api.Url("contacts"));
        request.Headers.Add("auth", app.Token());
        request.Headers.Add("accountId", otherTenant.AccountId);
        Assert.Equal("FORBIDDEN", await Bodies.SingleErrorCodeAsync(await api.Http.SendAsync(request, TestContext.Current.CancellationToken), HttpStatusCode.Forbidden));
    }
}
