using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace Callbook.Tests.Security;

/// <summary>
/// A whole working day through every endpoint, with the service's log captured: one line per
/// request is there, and not one client secret, token, phone number or contact name.
/// </summary>
public sealed class LogSecrecyTests
{
    [Theory, BothBackends]
    public async Task AFullScenarioLogsEveryRequestButNoSecretTokenPhoneOrName(string backend)
    {
        var log = new CapturedLog();
        await using var factory = new CallbookFactory(backend, logging: logging => logging.AddProvider(log));
        var api = await factory.NewTenantAsync();
        var people = new (string First, string Last, string Phone)[]
        {
            ("Wilhelmina", "Throckmorton", "987654321"), ("Bartholomew", "Quigglesworth", "876543219"), ("Esmeralda", "Fotheringay", "765432198"),
        };

        // A subscriber whose URL carries its own credential, as many do; nobody listens there, so deliveries fail and are retried.
        var hookToken = Guid.NewGuid().ToString("N");
        var hook = await Bodies.ReadAsync(await api.PostAsync("webhooks", $$"""{"url":"http://127.0.0.1:9/hooks?token={{hookToken}}"}"""), HttpStatusCode.Created);

        var created = await Bodies.ReadAsync(await api.PostAsync("contacts", Bodies.Contacts((people[0].First, people[0].Last, people[0].Phone, "+91"))), HttpStatusCode.Created);
        var id = created[0].Str("id");
        await Bodies.ReadAsync(await api.GetAsync("contacts?limit=5"), HttpStatusCode.OK);
        foreach (var lookup in new[] { "phone=%2B91987654321", "phone=%2B91%20987-654-321", "phone=0987654321&countryCode=%2B91", "phone=0091987654321" })
        {
            var found = await Bodies.ReadAsync(await api.GetAsync("contacts?" + lookup), HttpStatusCode.OK);
            Assert.Equal(id, found.GetProperty("results")[0].Str("id"));
        }
        await Bodies.ReadAsync(await api.GetAsync("contacts?q=wilhelm&status=ALL"), HttpStatusCode.OK);
        await Bodies.ReadAsync(await api.GetAsync("contacts?q=Throckmorton"), HttpStatusCode.OK);
        await Bodies.ReadAsync(await api.GetAsync("contacts/" + id), HttpStatusCode.OK);
        await Bodies.ReadAsync(await api.PutAsync("contacts/" + id, Bodies.Contact(people[1].First, people[1].Last, people[1].Phone).ToJsonString()), HttpStatusCode.OK);
        var record = Bodies.Contact(people[0].First, people[0].Last, people[0].Phone);
        record["id"] = id;
        await Bodies.ReadAsync(await api.PutAsync("contacts/bulk-update", new JsonArray(record).ToJsonString()), HttpStatusCode.OK);
        // Refusals that name the number or the holder in their answer: a conflict and a bad field.
        await Bodies.ErrorsAsync(await api.PostAsync("contacts", Bodies.Contacts((people[1].First, people[1].Last, people[0].Phone, "+91"))), HttpStatusCode.Conflict);
        await Bodies.ErrorsAsync(await api.PostAsync("contacts", Bodies.Contacts((people[1].First, people[1].Last, people[1].Phone + "x", "+91"))), HttpStatusCode.BadRequest);
        await Bodies.ReadAsync(await api.DeleteAsync("contacts/" + id), HttpStatusCode.OK);
        await Bodies.ReadAsync(await api.SendAsync(HttpMethod.Post, $"contacts/{id}/restore"), HttpStatusCode.OK);
        await Bodies.ReadAsync(await api.GetAsync($"contacts/{id}/history"), HttpStatusCode.OK);
        var export = await api.GetAsync("contacts/export?status=ALL");
        Assert.Contains(people[0].First, await export.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        var csv = $"firstName,lastName,salutation,cellPhoneNumber,cellPhoneCountryCode,cellPhoneExtension\r\n{people[2].First},{people[2].Last},ms,{people[2].Phone},+91,+\r\n";
        var imported = await Bodies.ReadAsync(await api.ImportAsync(csv), HttpStatusCode.Created);
        // The same rows again: every number is taken, nothing is created, so the honest answer is 200.
        await Bodies.ReadAsync(await api.ImportAsync(csv, "?partial=true"), HttpStatusCode.OK);
        await Bodies.ReadAsync(await api.DeleteAsync("contacts/bulk-delete", new JsonObject { ["ids"] = new JsonArray(imported[0].Str("id")) }.ToJsonString()), HttpStatusCode.OK);
        var badToken = TestTokens.Hmac($$"""{"appId":"{{api.Setup.ClientId}}"}""", "not-the-secret");
        await Bodies.ErrorsAsync(await api.SendAsync(HttpMethod.Get, "contacts?phone=%2B91987654321", configure: r => { r.Headers.Remove("auth"); r.Headers.Add("auth", badToken); }), HttpStatusCode.Unauthorized);
        await Bodies.ReadAsync(await api.SendAsync(HttpMethod.Get, "contacts", configure: r => { r.Headers.Remove("auth"); r.Headers.Authorization = new("Bearer", api.Token); }), HttpStatusCode.OK);

        // Let the dispatcher fail a delivery, so that its lines are in the log too.
        for (var wait = 0; wait < 100; wait++)
        {
            var deliveries = await Bodies.ReadAsync(await api.GetAsync($"webhooks/{hook.Str("id")}/deliveries"), HttpStatusCode.OK);
            if (deliveries.GetProperty("results").EnumerateArray().Any(d => d.GetProperty("attempts").GetInt32() > 0))
            {
                break;
            }
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        var text = log.Text;
        // The capture is real: the request lines are there, by route template.
        foreach (var line in new[] { "HTTP GET /agentassist/api/v1/public/{streamId}/contacts/ 200", "HTTP POST /agentassist/api/v1/public/{streamId}/contacts/import-contacts 201", "HTTP PUT ", "HTTP DELETE ", " 401 ", " 409 ", $"Webhook {hook.Str("id")} delivery " })
        {
            Assert.True(text.Contains(line, StringComparison.Ordinal), $"no \"{line}\" in the captured log:\n{text[..Math.Min(text.Length, 3000)]}");
        }
        var forbidden = new Dictionary<string, string>
        {
            ["the client secret"] = api.Setup.ClientSecret,
            ["the token"] = api.Token,
            ["the token's signature"] = api.Token.Split('.')[2],
            ["the refused token's signature"] = badToken.Split('.')[2],
            ["the webhook's signing secret"] = hook.Str("secret"),
            ["the token in the webhook's URL"] = hookToken,
        };
        foreach (var (first, last, phone) in people)
        {
            forbidden[first] = first;
            forbidden[last] = last;
            forbidden[phone] = phone;
            forbidden["+91" + phone] = "+91" + phone;
            forbidden["URL-encoded +91" + phone] = "%2B91" + phone;
        }
        foreach (var (what, value) in forbidden)
        {
            var at = text.IndexOf(value, StringComparison.OrdinalIgnoreCase);
            Assert.True(at < 0, $"the log holds {what}: …{(at < 0 ? "" : text[Math.Max(0, at - 300)..Math.Min(text.Length, at + 100)])}…");
        }
    }
}
