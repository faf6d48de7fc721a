using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Callbook.Api.Auth;

namespace Callbook.Tests.Security;

/// <summary>
/// Every endpoint of the contact and webhook APIs × every way of being the wrong caller: the contract's status
/// (section 2), the JSON error body, no contact data in it, and nothing changed.
/// </summary>
public sealed class SecurityMatrixTests
{
    /// <summary>A request as an intruder sends it: which token, which accountId header, which stream.</summary>
    private sealed record Caller(string? Token, string AccountId, string StreamId);

    [Theory, BothBackends]
    public async Task EveryContactEndpointRefusesEveryWrongCallerWithTheContractStatusAndNoData(string backend)
    {
        var factory = TestServers.For(backend);
        var a = await factory.NewTenantAsync();
        var b = await factory.NewTenantAsync();
        var contact = await a.CreateAsync("Zebulon", "Quartermaine", "930000001");
        var deleted = await a.CreateAsync("Ottoline", "Featherstonehaugh", "930000002");
        await Bodies.ReadAsync(await a.DeleteAsync("contacts/" + deleted.Str("id")), HttpStatusCode.OK);
        var erasable = await a.CreateAsync("Philippa", "Wolstenholme", "930000003");
        var secrets = new[] { contact.Str("id"), deleted.Str("id"), erasable.Str("id"), "930000001", "930000002", "930000003", "Zebulon", "Quartermaine", "Ottoline", "Featherstonehaugh", "Philippa", "Wolstenholme" };

        var callers = await WrongCallersAsync(factory, a, b);
        var id = contact.Str("id");
        var endpoints = new (string Name, HttpMethod Method, string Path, Func<HttpContent?> Body)[]
        {
            ("list", HttpMethod.Get, "contacts?status=ALL", () => null),
            ("get", HttpMethod.Get, "contacts/" + id, () => null),
            ("create", HttpMethod.Post, "contacts", () => Json(Bodies.Contacts(("intruder", "create", "930000101", "+91")))),
            ("import", HttpMethod.Post, "contacts/import-contacts", Csv),
            ("update", HttpMethod.Put, "contacts/" + id, () => Json(Bodies.Contact("intruder", "update", "930000102").ToJsonString())),
            ("bulk update", HttpMethod.Put, "contacts/bulk-update", () => Json($$$"""[{"id":"{{{id}}}","firstName":"intruder","lastName":"bulk","salutation":"mr","cellPhone":{"extension":"+","phoneNumber":"930000103","countryCode":"+91"}}]""")),
            ("delete", HttpMethod.Delete, "contacts/" + id, () => null),
            ("bulk delete", HttpMethod.Delete, "contacts/bulk-delete", () => Json($$"""{"ids":["{{id}}"]}""")),
            ("history", HttpMethod.Get, $"contacts/{id}/history", () => null),
            ("restore", HttpMethod.Post, $"contacts/{deleted.Str("id")}/restore", () => null),
            ("export", HttpMethod.Get, "contacts/export?status=ALL", () => null),
            ("erase", HttpMethod.Post, $"contacts/{erasable.Str("id")}/erase", () => null),
        };

        await RunMatrixAsync(a, b, callers, endpoints, secrets);
    }

    [Theory, BothBackends]
    public async Task EveryWebhookEndpointRefusesEveryWrongCallerWithTheContractStatusAndNoData(string backend)
    {
        var factory = TestServers.For(backend);
        var a = await factory.NewTenantAsync();
        var b = await factory.NewTenantAsync();
        var url = "http://127.0.0.1:9/hooks/" + Guid.NewGuid().ToString("N");
        var created = await Bodies.ReadAsync(await a.PostAsync("webhooks", $$"""{"url":"{{url}}","events":["contact.deleted"]}"""), HttpStatusCode.Created);
        var id = created.Str("id");
        var secrets = new[] { id, url, created.Str("secret") };
        var endpoints = new (string Name, HttpMethod Method, string Path, Func<HttpContent?> Body)[]
        {
            ("create webhook", HttpMethod.Post, "webhooks", () => Json($$"""{"url":"{{url}}/2"}""")),
            ("list webhooks", HttpMethod.Get, "webhooks", () => null),
            ("get webhook", HttpMethod.Get, "webhooks/" + id, () => null),
            ("list deliveries", HttpMethod.Get, $"webhooks/{id}/deliveries", () => null),
            ("replay delivery", HttpMethod.Post, $"webhooks/{id}/deliveries/999999999/replay", () => null),
            ("update webhook", HttpMethod.Patch, "webhooks/" + id, () => Json("""{"events":["contact.deleted","contact.created"]}""")),
            ("rotate secret", HttpMethod.Post, $"webhooks/{id}/rotate-secret", () => null),
            ("delete webhook", HttpMethod.Delete, "webhooks/" + id, () => null),
        };
        await RunMatrixAsync(a, b, await WrongCallersAsync(factory, a, b), endpoints, secrets, webhooks: true);
    }

    /// <summary>Every way of being the wrong caller for A's stream, with the status and code the contract gives it.</summary>
    private static async Task<(string Name, Caller Caller, HttpStatusCode Status, string Code)[]> WrongCallersAsync(CallbookFactory factory, TenantClient a, TenantClient b)
    {
        var unscoped = await factory.NewAppAsync(a.AccountId, []);
        var revoked = await factory.NewAppAsync(a.AccountId, [a.StreamId]);
        Assert.True(await factory.Database.Tenancy.RevokeAppAsync(revoked.ClientId, TestContext.Current.CancellationToken));
        var appId = a.Setup.ClientId;
        return
        [
            ("no token", new(null, a.AccountId, a.StreamId), HttpStatusCode.Unauthorized, "UNAUTHORIZED"),
            ("bad signature", new(TestTokens.Hmac($$"""{"appId":"{{appId}}"}""", a.Setup.ClientSecret + "x"), a.AccountId, a.StreamId), HttpStatusCode.Unauthorized, "UNAUTHORIZED"),
            ("alg none", new(TestTokens.None($$"""{"appId":"{{appId}}"}"""), a.AccountId, a.StreamId), HttpStatusCode.Unauthorized, "UNAUTHORIZED"),
            ("expired", new(TestTokens.Hmac($$"""{"appId":"{{appId}}","exp":{{TestTokens.Now(-3600)}}}""", a.Setup.ClientSecret), a.AccountId, a.StreamId), HttpStatusCode.Unauthorized, "UNAUTHORIZED"),
            ("foreign account", new(b.Token, a.AccountId, a.StreamId), HttpStatusCode.Forbidden, "FORBIDDEN"),
            ("foreign stream", new(b.Token, b.AccountId, a.StreamId), HttpStatusCode.NotFound, "NOT_FOUND"),
            ("revoked app", new(Token(revoked.ClientId, revoked.Secret), a.AccountId, a.StreamId), HttpStatusCode.Unauthorized, "UNAUTHORIZED"),
            ("missing scope", new(Token(unscoped.ClientId, unscoped.Secret), a.AccountId, a.StreamId), HttpStatusCode.Forbidden, "FORBIDDEN"),
        ];
    }

    /// <summary>
    /// For each endpoint: A's own request works (so each refusal is about the caller alone), then every
    /// wrong caller gets its status, a JSON error body without any of <paramref name="secrets"/>, and changes nothing.
    /// </summary>
    private static async Task RunMatrixAsync(
        TenantClient a, TenantClient b, (string Name, Caller Caller, HttpStatusCode Status, string Code)[] callers,
        (string Name, HttpMethod Method, string Path, Func<HttpContent?> Body)[] endpoints, string[] secrets, bool webhooks = false)
    {
        var ct = TestContext.Current.CancellationToken;
        async Task<string> StateAsync(TenantClient tenant) => webhooks
            ? await (await tenant.GetAsync("webhooks")).Content.ReadAsStringAsync(ct)
            : await Observed.SnapshotAsync(tenant);
        var beforeB = await StateAsync(b);
        foreach (var (endpoint, method, path, body) in endpoints)
        {
            var own = await a.SendAsync(method, path, configure: r => r.Content = body());
            Assert.True(own.IsSuccessStatusCode || (endpoint == "replay delivery" && own.StatusCode == HttpStatusCode.NotFound), $"{endpoint} as A: {(int)own.StatusCode}");
            var before = await StateAsync(a);
            foreach (var (name, caller, status, code) in callers)
            {
                var request = new HttpRequestMessage(method, a.Url(path, caller.StreamId)) { Content = body() };
                if (caller.Token is not null)
                {
                    request.Headers.Add("auth", caller.Token);
                }
                request.Headers.Add("accountId", caller.AccountId);
                var answer = await Observed.SendAsync(() => a.Http.SendAsync(request, ct));
                var context = $"{endpoint} × {name}";
                Assert.True(answer.Status == status, $"{context}: expected {(int)status}, got {answer}");
                Assert.True(answer.MediaType == "application/json", $"{context}: {answer.MediaType}");
                using var document = JsonDocument.Parse(answer.Body);
                Observed.AssertErrorShape(document.RootElement, $"{context}: {answer}");
                Assert.Equal(code, document.RootElement.GetProperty("errors")[0].Str("code"));
                foreach (var secret in secrets)
                {
                    Assert.False(answer.Body.Contains(secret, StringComparison.OrdinalIgnoreCase), $"{context} leaks {secret}: {answer}");
                }
            }
            Assert.Equal(before, await StateAsync(a));
        }
        Assert.Equal(beforeB, await StateAsync(b));
    }

    private static string Token(string clientId, string secret) => Tokens.Issue(clientId, secret, TimeSpan.FromMinutes(10), DateTimeOffset.UtcNow);

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static MultipartFormDataContent Csv()
    {
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes("firstName,lastName,salutation,cellPhoneNumber,cellPhoneCountryCode,cellPhoneExtension\r\nintruder,import,mr,930000104,+91,+\r\n"));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return new MultipartFormDataContent { { file, "result_file", "contacts.csv" } };
    }
}
