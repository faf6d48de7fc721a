using System.Net;
using System.Net.Http.Headers;

namespace Callbook.Tests.Auth;

/// <summary>Contract section 2: the token, the accountId header, the stream and the scope, with their status codes.</summary>
public sealed class AuthenticationTests
{
    [Theory, BothBackends]
    public async Task BadTokensAre401(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        var id = api.Setup.ClientId;
        var secret = api.Setup.ClientSecret;
        var tokens = new Dictionary<string, string>
        {
            ["garbage"] = "not-a-jwt",
            ["alg none"] = TestTokens.None($$"""{"appId":"{{id}}"}"""),
            ["wrong secret"] = TestTokens.Hmac($$"""{"appId":"{{id}}"}""", secret + "x"),
            ["RS256 for an HMAC app"] = TestTokens.Rs256($$"""{"appId":"{{id}}"}"""),
            ["HS512 not allowed"] = TestTokens.Hmac($$"""{"appId":"{{id}}"}""", secret, "HS512"),
            ["HS384"] = TestTokens.Hmac($$"""{"appId":"{{id}}"}""", secret, "HS384"),
            ["expired"] = TestTokens.Hmac($$"""{"appId":"{{id}}","exp":{{TestTokens.Now(-120)}}}""", secret),
            ["iat in the future"] = TestTokens.Hmac($$"""{"appId":"{{id}}","iat":{{TestTokens.Now(600)}}}""", secret),
            ["unknown app"] = TestTokens.Hmac("""{"appId":"cs-00000000-0000-0000-0000-000000000000"}""", secret),
            ["no app claim"] = TestTokens.Hmac("""{"sub":"x"}""", secret),
            ["tampered payload"] = Tamper(TestTokens.Hmac($$"""{"appId":"{{id}}"}""", secret)),
        };
        foreach (var (name, token) in tokens)
        {
            var response = await SendWithTokenAsync(api, token);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{name}: {(int)response.StatusCode}");
            Assert.Equal("UNAUTHORIZED", await Bodies.SingleErrorCodeAsync(response, HttpStatusCode.Unauthorized));
        }
        var missing = await api.Http.GetAsync(api.Url("contacts"), TestContext.Current.CancellationToken);
        Assert.Equal("UNAUTHORIZED", await Bodies.SingleErrorCodeAsync(missing, HttpStatusCode.Unauthorized));
    }

    /// <summary>A repeated auth or accountId header is refused for being repeated, even when both copies are right.</summary>
    [Theory, BothBackends]
    public async Task ARepeatedAuthOrAccountIdHeaderIsRefusedAsRepeated(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        var cases = new (Action<HttpRequestMessage> Repeat, HttpStatusCode Status, string Body)[]
        {
            (r => r.Headers.Add("accountId", api.AccountId), HttpStatusCode.BadRequest,
                """{"errors":[{"msg":"the accountId header is given more than once: send it once","code":"INVALID_ACCOUNT_ID","field":"accountId"}]}"""),
            (r => r.Headers.Add("auth", api.Token), HttpStatusCode.Unauthorized,
                """{"errors":[{"msg":"send one token: the auth (or Authorization) header is given more than once","code":"UNAUTHORIZED"}]}"""),
        };
        foreach (var (repeat, status, body) in cases)
        {
            using var response = await api.SendAsync(HttpMethod.Get, "contacts", configure: repeat);
            Assert.Equal(status, response.StatusCode);
            Assert.Equal(body, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        }
    }

    [Theory, BothBackends]
    public async Task GoodTokensInEveryAcceptedFormAre200(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        var id = api.Setup.ClientId;
        var secret = api.Setup.ClientSecret;
        foreach (var token in new[]
        {
            TestTokens.Hmac($$"""{"appId":"{{id}}"}""", secret),
            TestTokens.Hmac($$"""{"iss":"{{id}}","exp":{{TestTokens.Now(3600)}}}""", secret),
            TestTokens.Hmac($$"""{"appId":"{{id}}","exp":{{TestTokens.Now(-30)}},"iat":{{TestTokens.Now(30)}}}""", secret),
        })
        {
            await Bodies.ReadAsync(await SendWithTokenAsync(api, token), HttpStatusCode.OK);
        }
        var bearer = new HttpRequestMessage(HttpMethod.Get, api.Url("contacts"));
        bearer.Headers.Authorization = new AuthenticationHeaderValue("Bearer", api.Token);
        bearer.Headers.Add("ACCOUNTID", api.AccountId);
        await Bodies.ReadAsync(await api.Http.SendAsync(bearer, TestContext.Current.CancellationToken), HttpStatusCode.OK);
    }

    [Theory, BothBackends]
    public async Task Hs512IsAcceptedOnlyWhereTheAppAllowsIt(string backend)
    {
        var factory = TestServers.For(backend);
        var api = await factory.NewTenantAsync();
        var app = await factory.NewAppAsync(api.AccountId, [api.StreamId], hs512: true);
        await Bodies.ReadAsync(await SendWithTokenAsync(api, TestTokens.Hmac($$"""{"appId":"{{app.ClientId}}"}""", app.Secret, "HS512")), HttpStatusCode.OK);
        await Bodies.ReadAsync(await SendWithTokenAsync(api, TestTokens.Hmac($$"""{"appId":"{{app.ClientId}}"}""", app.Secret)), HttpStatusCode.OK);
    }

    [Theory, BothBackends]
    public async Task EnforcedJtiIsRequiredAndAcceptedOnce(string backend)
    {
        var factory = TestServers.For(backend);
        var api = await factory.NewTenantAsync();
        var app = await factory.NewAppAsync(api.AccountId, [api.StreamId], enforceJti: true);
        var once = TestTokens.Hmac($$"""{"appId":"{{app.ClientId}}","jti":"{{Guid.NewGuid()}}","exp":{{TestTokens.Now(300)}}}""", app.Secret);

        await Bodies.ReadAsync(await SendWithTokenAsync(api, once), HttpStatusCode.OK);
        Assert.Equal("UNAUTHORIZED", await Bodies.SingleErrorCodeAsync(await SendWithTokenAsync(api, once), HttpStatusCode.Unauthorized));
        var noJti = TestTokens.Hmac($$"""{"appId":"{{app.ClientId}}"}""", app.Secret);
        Assert.Equal("UNAUTHORIZED", await Bodies.SingleErrorCodeAsync(await SendWithTokenAsync(api, noJti), HttpStatusCode.Unauthorized));
        var other = TestTokens.Hmac($$"""{"appId":"{{app.ClientId}}","jti":"{{Guid.NewGuid()}}"}""", app.Secret);
        await Bodies.ReadAsync(await SendWithTokenAsync(api, other), HttpStatusCode.OK);
    }

    [Theory, BothBackends]
    public async Task AccountStreamAndScopeChecksGiveTheContractStatuses(string backend)
    {
        var factory = TestServers.For(backend);
        var api = await factory.NewTenantAsync();
        var other = await factory.NewTenantAsync();
        var unscoped = await factory.NewAppAsync(api.AccountId, []);
        var secondStream = await factory.Database.Tenancy.CreateStreamAsync(api.AccountId, "second", null, TestContext.Current.CancellationToken);

        // accountId absent or malformed → 400
        Assert.Equal("MISSING_ACCOUNT_ID", await Bodies.SingleErrorCodeAsync(await SendAsync(api, api.Token, null, api.StreamId), HttpStatusCode.BadRequest));
        Assert.Equal("INVALID_ACCOUNT_ID", await Bodies.SingleErrorCodeAsync(await SendAsync(api, api.Token, "xyz", api.StreamId), HttpStatusCode.BadRequest));
        // token of this account, accountId of another → 403
        Assert.Equal("FORBIDDEN", await Bodies.SingleErrorCodeAsync(await SendAsync(api, api.Token, other.AccountId, api.StreamId), HttpStatusCode.Forbidden));
        // a stream of another account looks exactly like an unknown one → 404
        var foreign = await SendAsync(api, api.Token, api.AccountId, other.StreamId);
        var unknown = await SendAsync(api, api.Token, api.AccountId, "st-00000000-0000-0000-0000-000000000000");
        Assert.Equal(await unknown.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), await foreign.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("NOT_FOUND", await Bodies.SingleErrorCodeAsync(foreign, HttpStatusCode.NotFound));
        // app of the account without the Configuration scope on the stream → 403
        var unscopedToken = Callbook.Api.Auth.Tokens.Issue(unscoped.ClientId, unscoped.Secret, TimeSpan.FromMinutes(5), DateTimeOffset.UtcNow);
        Assert.Equal("FORBIDDEN", await Bodies.SingleErrorCodeAsync(await SendAsync(api, unscopedToken, api.AccountId, api.StreamId), HttpStatusCode.Forbidden));
        Assert.Equal("FORBIDDEN", await Bodies.SingleErrorCodeAsync(await SendAsync(api, api.Token, api.AccountId, secondStream.StreamId), HttpStatusCode.Forbidden));
        // after a grant, the same token works there
        Assert.True(await factory.Database.Tenancy.GrantScopeAsync(api.Setup.ClientId, secondStream.StreamId, "Configuration", TestContext.Current.CancellationToken));
        await Bodies.ReadAsync(await SendAsync(api, api.Token, api.AccountId, secondStream.StreamId), HttpStatusCode.OK);
        // scopes cannot be granted across accounts
        Assert.False(await factory.Database.Tenancy.GrantScopeAsync(api.Setup.ClientId, other.StreamId, "Configuration", TestContext.Current.CancellationToken));
    }

    [Theory, BothBackends]
    public async Task RevokedAppAndRotatedSecretStopOldTokens(string backend)
    {
        var factory = TestServers.For(backend);
        var api = await factory.NewTenantAsync();
        await Bodies.ReadAsync(await api.GetAsync("contacts"), HttpStatusCode.OK);
        var ct = TestContext.Current.CancellationToken;

        // Rotation with a grace period: old and new secret both work until it ends.
        var newSecret = Callbook.Tenancy.Secrets.NewClientSecret();
        Assert.True(await factory.Database.Tenancy.RotateSecretAsync(api.Setup.ClientId, newSecret, DateTimeOffset.UtcNow.AddHours(1), ct));
        await Bodies.ReadAsync(await api.GetAsync("contacts"), HttpStatusCode.OK);
        var newToken = Callbook.Api.Auth.Tokens.Issue(api.Setup.ClientId, newSecret, TimeSpan.FromMinutes(5), DateTimeOffset.UtcNow);
        await Bodies.ReadAsync(await SendAsync(api, newToken, api.AccountId, api.StreamId), HttpStatusCode.OK);
        // Rotation without grace: only the newest secret works.
        Assert.True(await factory.Database.Tenancy.RotateSecretAsync(api.Setup.ClientId, Callbook.Tenancy.Secrets.NewClientSecret(), DateTimeOffset.UtcNow, ct));
        Assert.Equal("UNAUTHORIZED", await Bodies.SingleErrorCodeAsync(await api.GetAsync("contacts"), HttpStatusCode.Unauthorized));
        Assert.Equal("UNAUTHORIZED", await Bodies.SingleErrorCodeAsync(await SendAsync(api, newToken, api.AccountId, api.StreamId), HttpStatusCode.Unauthorized));

        var app = await factory.NewAppAsync(api.AccountId, [api.StreamId]);
        var token = Callbook.Api.Auth.Tokens.Issue(app.ClientId, app.Secret, TimeSpan.FromMinutes(5), DateTimeOffset.UtcNow);
        await Bodies.ReadAsync(await SendAsync(api, token, api.AccountId, api.StreamId), HttpStatusCode.OK);
        Assert.True(await factory.Database.Tenancy.RevokeAppAsync(app.ClientId, ct));
        Assert.Equal("UNAUTHORIZED", await Bodies.SingleErrorCodeAsync(await SendAsync(api, token, api.AccountId, api.StreamId), HttpStatusCode.Unauthorized));
    }

    [Theory, BothBackends]
    public async Task EveryContactEndpointRequiresAuthentication(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        var id = "0123456789abcdef01234567";
        foreach (var (method, path) in new[]
        {
            (HttpMethod.Post, "contacts"), (HttpMethod.Post, "contacts/import-contacts"), (HttpMethod.Get, "contacts"), (HttpMethod.Get, "contacts/" + id),
            (HttpMethod.Put, "contacts/" + id), (HttpMethod.Put, "contacts/bulk-update"), (HttpMethod.Delete, "contacts/" + id), (HttpMethod.Delete, "contacts/bulk-delete"),
        })
        {
            HttpContent content = path.EndsWith("import-contacts", StringComparison.Ordinal)
                ? new MultipartFormDataContent { { new StringContent("firstName"), "result_file", "a.csv" } }
                : new StringContent("[]", System.Text.Encoding.UTF8, "application/json");
            var request = new HttpRequestMessage(method, api.Url(path)) { Content = content };
            request.Headers.Add("accountId", api.AccountId);
            request.Headers.Add("auth", TestTokens.None($$"""{"appId":"{{api.Setup.ClientId}}"}"""));
            var response = await api.Http.SendAsync(request, TestContext.Current.CancellationToken);
            Assert.Equal("UNAUTHORIZED", await Bodies.SingleErrorCodeAsync(response, HttpStatusCode.Unauthorized));
        }
    }

    private static Task<HttpResponseMessage> SendWithTokenAsync(TenantClient api, string token) => SendAsync(api, token, api.AccountId, api.StreamId);

    private static Task<HttpResponseMessage> SendAsync(TenantClient api, string token, string? accountId, string streamId)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, api.Url("contacts", streamId));
        request.Headers.Add("auth", token);
        if (accountId is not null)
        {
            request.Headers.Add("accountId", accountId);
        }
        return api.Http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private static string Tamper(string token)
    {
        var parts = token.Split('.');
        var payload = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(parts[1].Replace('-', '+').Replace('_', '/').PadRight((parts[1].Length + 3) / 4 * 4, '=')));
        var changed = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(payload.Replace("}", ",\"admin\":true}", StringComparison.Ordinal))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return parts[0] + "." + changed + "." + parts[2];
    }
}
