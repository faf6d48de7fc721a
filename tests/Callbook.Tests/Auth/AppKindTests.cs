using System.Net;
using System.Security.Cryptography;
using System.Text;
using Callbook.Api.Auth;
using Callbook.Tenancy;

namespace Callbook.Tests.Auth;

/// <summary>
/// Every kind of JWT app the vendor offers (HS256, HS512, RS256, RS512, and apps that enforce JWE)
/// through the API: each works end to end, each accepts only its own kind of token, and the
/// algorithm-confusion attacks fail.
/// </summary>
public sealed class AppKindTests
{
    [Theory, BothBackends]
    public async Task EveryAppKindCreatesAndListsContactsWithItsOwnTokens(string backend)
    {
        var factory = TestServers.For(backend);
        var api = await factory.NewTenantAsync();
        var phone = 5550100;
        foreach (var kind in AppKinds.All)
        {
            foreach (var asJwk in kind is AppKind.Rs256 or AppKind.Rs512 ? new[] { false, true } : [false])
            {
                var app = await AppKinds.CreateAsync(factory, api.AccountId, api.StreamId, kind, registerAsJwk: asJwk);
                var token = app.Token();
                var created = await Bodies.ReadAsync(await SendAsync(api, token, HttpMethod.Post, Bodies.Contacts(("kind", kind.ToString(), (phone++).ToString(System.Globalization.CultureInfo.InvariantCulture), "+1"))), HttpStatusCode.Created);
                Assert.Equal(app.App.ActorId, created[0].Str("createdByAId"));
                var listed = await Bodies.ReadAsync(await SendAsync(api, token, HttpMethod.Get), HttpStatusCode.OK);
                Assert.Contains(listed.GetProperty("results").EnumerateArray(), c => c.Str("id") == created[0].Str("id"));
            }
        }
    }

    [Theory, BothBackends]
    public async Task EveryKindOfTokenIsAcceptedByExactlyOneKindOfApp(string backend)
    {
        var factory = TestServers.For(backend);
        var api = await factory.NewTenantAsync();
        var apps = new Dictionary<AppKind, TestApp>();
        foreach (var kind in AppKinds.All)
        {
            apps[kind] = await AppKinds.CreateAsync(factory, api.AccountId, api.StreamId, kind);
        }
        using var stranger = RSA.Create(2048);
        var someJweKey = apps[AppKind.JweHs256].JwePublicKey;

        // Each kind of token, made for a given app as well as its client could: with the app's own
        // secret or private key where it has one, else with what an attacker holds (the RS app's
        // public key as an HMAC secret, a key of their own, another app's JWE key).
        string Hs(TestApp app, string alg) => TestTokens.Hmac(Claims(app), app.App.Secret.Length > 0 ? app.App.Secret : app.App.PublicKey!, alg);
        string Rs(TestApp app, string alg) => TestTokens.Rsa(Claims(app), app.PrivateKey ?? stranger, alg);
        string Jwe(TestApp app, string inner) => EncryptedTokens.Encrypt(inner, app.ClientId, app.App.JwePrivateKey is null ? someJweKey : app.JwePublicKey);
        var tokenKinds = new Dictionary<string, Func<TestApp, string>>
        {
            ["HS256"] = app => Hs(app, "HS256"),
            ["HS512"] = app => Hs(app, "HS512"),
            ["RS256"] = app => Rs(app, "RS256"),
            ["RS512"] = app => Rs(app, "RS512"),
            ["JWE(HS256)"] = app => Jwe(app, Hs(app, "HS256")),
            ["JWE(RS256)"] = app => Jwe(app, Rs(app, "RS256")),
            ["none"] = app => TestTokens.None(Claims(app)),
        };
        var expected = new Dictionary<string, AppKind?>
        {
            ["HS256"] = AppKind.Hs256, ["HS512"] = AppKind.Hs512, ["RS256"] = AppKind.Rs256, ["RS512"] = AppKind.Rs512,
            ["JWE(HS256)"] = AppKind.JweHs256, ["JWE(RS256)"] = AppKind.JweRs256, ["none"] = null,
        };
        foreach (var (tokenKind, make) in tokenKinds)
        {
            var accepted = new List<AppKind>();
            foreach (var (appKind, app) in apps)
            {
                var response = await SendAsync(api, make(app), HttpMethod.Get);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    accepted.Add(appKind);
                    continue;
                }
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{tokenKind} token for a {appKind} app: {(int)response.StatusCode}");
                Assert.Equal("UNAUTHORIZED", await Bodies.SingleErrorCodeAsync(response, HttpStatusCode.Unauthorized));
            }
            Assert.Equal(expected[tokenKind] is { } only ? [only] : [], accepted);
        }
    }

    [Theory, BothBackends]
    public async Task AnRsAppsPublicKeyNeverVerifiesAsAnHmacSecret(string backend)
    {
        var factory = TestServers.For(backend);
        var api = await factory.NewTenantAsync();
        foreach (var kind in new[] { AppKind.Rs256, AppKind.Rs512 })
        {
            var app = await AppKinds.CreateAsync(factory, api.AccountId, api.StreamId, kind);
            var pem = app.App.PublicKey!;
            var jwk = RsaKeys.PublicJwkOf(pem, app.ClientId, "sig", app.App.Algorithm).ToJsonString();
            var der = app.PrivateKey!.ExportSubjectPublicKeyInfo();
            var parameters = app.PrivateKey.ExportParameters(false);
            var keys = new Dictionary<string, byte[]>
            {
                ["PEM"] = Encoding.UTF8.GetBytes(pem),
                ["PEM, trimmed"] = Encoding.UTF8.GetBytes(pem.Trim()),
                ["PEM, CRLF"] = Encoding.UTF8.GetBytes(pem.Replace("\n", "\r\n", StringComparison.Ordinal)),
                ["SubjectPublicKeyInfo DER"] = der,
                ["PKCS#1 DER"] = app.PrivateKey.ExportRSAPublicKey(),
                ["JWK"] = Encoding.UTF8.GetBytes(jwk),
                ["modulus"] = parameters.Modulus!,
            };
            foreach (var (name, key) in keys)
            {
                foreach (var alg in new[] { "HS256", "HS384", "HS512" })
                {
                    var response = await SendAsync(api, TestTokens.Hmac(Claims(app), key, alg), HttpMethod.Get);
                    Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{alg} keyed with the {name}: {(int)response.StatusCode}");
                    Assert.Equal("UNAUTHORIZED", await Bodies.SingleErrorCodeAsync(response, HttpStatusCode.Unauthorized));
                }
            }
            // The genuine token still works: the refusals above are about the algorithm, not the app.
            await Bodies.ReadAsync(await SendAsync(api, app.Token(), HttpMethod.Get), HttpStatusCode.OK);
        }
    }

    [Theory, BothBackends]
    public async Task RotatedPublicKeysKeepWorkingForTheGracePeriodOnly(string backend)
    {
        var factory = TestServers.For(backend);
        var api = await factory.NewTenantAsync();
        var ct = TestContext.Current.CancellationToken;
        var first = await AppKinds.CreateAsync(factory, api.AccountId, api.StreamId, AppKind.Rs256);
        using var secondKey = RSA.Create(2048);
        using var thirdKey = RSA.Create(3072);
        var second = first with { PrivateKey = secondKey };
        var third = first with { PrivateKey = thirdKey };
        var firstToken = first.Token();

        Assert.True(await factory.Database.Tenancy.RotatePublicKeyAsync(first.ClientId, secondKey.ExportSubjectPublicKeyInfoPem(), DateTimeOffset.UtcNow.AddHours(1), ct));
        await Bodies.ReadAsync(await SendAsync(api, firstToken, HttpMethod.Get), HttpStatusCode.OK);
        await Bodies.ReadAsync(await SendAsync(api, second.Token(), HttpMethod.Get), HttpStatusCode.OK);

        Assert.True(await factory.Database.Tenancy.RotatePublicKeyAsync(first.ClientId, thirdKey.ExportSubjectPublicKeyInfoPem(), DateTimeOffset.UtcNow, ct));
        await Bodies.ReadAsync(await SendAsync(api, third.Token(), HttpMethod.Get), HttpStatusCode.OK);
        foreach (var old in new[] { firstToken, second.Token() })
        {
            Assert.Equal("UNAUTHORIZED", await Bodies.SingleErrorCodeAsync(await SendAsync(api, old, HttpMethod.Get), HttpStatusCode.Unauthorized));
        }
        // An HS app has no public key to rotate, and an RS app no secret.
        Assert.False(await factory.Database.Tenancy.RotatePublicKeyAsync(api.Setup.ClientId, thirdKey.ExportSubjectPublicKeyInfoPem(), DateTimeOffset.UtcNow, ct));
        Assert.False(await factory.Database.Tenancy.RotateSecretAsync(first.ClientId, Secrets.NewClientSecret(), DateTimeOffset.UtcNow, ct));
    }

    internal static string Claims(TestApp app) => $$"""{"appId":"{{app.ClientId}}","exp":{{TestTokens.Now(600)}}}""";

    internal static Task<HttpResponseMessage> SendAsync(TenantClient api, string token, HttpMethod method, string? json = null)
    {
        var request = new HttpRequestMessage(method, api.Url("contacts"));
        request.Headers.Add("auth", token);
        request.Headers.Add("accountId", api.AccountId);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        return api.Http.SendAsync(request, TestContext.Current.CancellationToken);
    }
}
