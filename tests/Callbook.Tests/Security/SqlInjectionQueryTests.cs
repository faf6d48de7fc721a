using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Callbook.Tests.Security;

/// <summary>
/// SQL-injection-shaped text in every query parameter and in every place an id goes: a search
/// that finds nothing, or a 400 — never a 5xx — and the book is unchanged and still works.
/// </summary>
public sealed class SqlInjectionQueryTests
{
    [Theory, BothBackends]
    public async Task InjectionTextInQueryParametersIsAValueOrA400(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        await api.CreateAsync("Query", "Target", "980000001");
        var deleted = (await api.CreateAsync("Query", "Deleted", "980000002")).Str("id");
        await Bodies.ReadAsync(await api.DeleteAsync("contacts/" + deleted), HttpStatusCode.OK);
        var before = await Observed.SnapshotAsync(api);

        foreach (var payload in InjectionPayloads.All.Concat(InjectionPayloads.WithNul))
        {
            var value = Uri.EscapeDataString(payload);
            var requests = new (string Relative, bool Accepted)[]
            {
                // q is free text: a prefix that matches no stored name finds nothing; no name holds a control character.
                ($"contacts?status=ALL&q={value}", !payload.Any(char.IsControl)),
                ($"contacts?phone={value}", false),
                ($"contacts?phone=980000001&countryCode={value}", false),
                ($"contacts?status={value}", false),
                ($"contacts?cursor={value}", false),
                ($"contacts?skip={value}", false),
                ($"contacts?limit={value}", false),
                ($"contacts/export?status={value}", false),
            };
            foreach (var (relative, accepted) in requests)
            {
                var answer = await Observed.SendAsync(() => api.GetAsync(relative));
                Observed.AssertWellFormed(answer, relative);
                if (accepted)
                {
                    Assert.True(answer.Code == 200, $"{relative}: {answer}");
                    var page = JsonDocument.Parse(answer.Body).RootElement;
                    Assert.Equal(0, page.GetProperty("totalResults").GetInt64());
                    Assert.Equal(0, page.GetProperty("results").GetArrayLength());
                }
                else
                {
                    Assert.True(answer.Code == 400, $"{relative}: {answer}");
                    Assert.Equal("INVALID_QUERY_PARAMETER", JsonDocument.Parse(answer.Body).RootElement.GetProperty("errors")[0].Str("code"));
                }
            }
            var import = await Observed.SendAsync(() => api.ImportAsync("firstName,lastName,salutation,cellPhoneNumber,cellPhoneCountryCode,cellPhoneExtension\r\na,b,mr,980000003,+91,+\r\n", "?partial=" + value));
            Assert.True(import.Code == 400, $"import?partial={payload}: {import}");
        }

        Assert.Equal(before, await Observed.SnapshotAsync(api));
        await AssertTheBookStillWorksAsync(api, expectedActive: 1);
    }

    [Theory, BothBackends]
    public async Task InjectionTextWhereAnIdGoesIsAnInvalidId(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        await api.CreateAsync("Id", "Target", "981000001");
        var before = await Observed.SnapshotAsync(api);
        var update = Bodies.Contact("id", "probe", "981000002");

        foreach (var payload in InjectionPayloads.All.Concat(InjectionPayloads.WithNul).Append("0123456789abcdef0123456' OR '1'='1"))
        {
            var id = Uri.EscapeDataString(payload);
            var requests = new (string Name, Func<Task<HttpResponseMessage>> Send)[]
            {
                ("get", () => api.GetAsync("contacts/" + id)),
                ("update", () => api.PutAsync("contacts/" + id, update.ToJsonString())),
                ("delete", () => api.DeleteAsync("contacts/" + id)),
                ("history", () => api.GetAsync($"contacts/{id}/history")),
                ("restore", () => api.SendAsync(HttpMethod.Post, $"contacts/{id}/restore")),
            };
            // A NUL in the path never reaches the service: the HTTP server refuses it (the in-memory one by throwing).
            foreach (var (name, send) in payload.Contains('\0', StringComparison.Ordinal) ? [] : requests)
            {
                var answer = await Observed.SendAsync(send);
                var context = $"{name} of id {JsonSerializer.Serialize(payload)}";
                Observed.AssertWellFormed(answer, context);
                Assert.True(answer.Code == 400, $"{context}: {answer}");
                Assert.Equal("INVALID_ID", JsonDocument.Parse(answer.Body).RootElement.GetProperty("errors")[0].Str("code"));
            }

            var record = update.DeepClone().AsObject();
            record["id"] = payload;
            var bulk = new (string Name, Func<Task<HttpResponseMessage>> Send)[]
            {
                ("bulk update", () => api.PutAsync("contacts/bulk-update", new JsonArray(record).ToJsonString())),
                ("bulk delete", () => api.DeleteAsync("contacts/bulk-delete", new JsonObject { ["ids"] = new JsonArray(payload) }.ToJsonString())),
            };
            foreach (var (name, send) in bulk)
            {
                var summary = await Bodies.ReadAsync(await send(), HttpStatusCode.OK);
                var failed = Assert.Single(summary.GetProperty("failedRecords").EnumerateArray());
                Assert.Equal(0, summary.GetProperty("successful").GetInt32());
                Assert.True(failed.GetProperty("errors")[0].Str("code") == "INVALID_ID", $"{name} of id {JsonSerializer.Serialize(payload)}: {summary}");
            }
        }

        Assert.Equal(before, await Observed.SnapshotAsync(api));
        await AssertTheBookStillWorksAsync(api, expectedActive: 1);
    }

    [Theory, BothBackends]
    public async Task InjectionTextInHeadersIsAValueOrRefused(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        var target = (await api.CreateAsync("Header", "Target", "982000001")).Str("id");
        var phone = 982_100_000;
        var keyed = 0;
        foreach (var payload in InjectionPayloads.All)
        {
            // Idempotency-Key: any visible ASCII is a key like any other (and replays), anything else a 400.
            var body = Bodies.Contacts(("key", "probe", (++phone).ToString(System.Globalization.CultureInfo.InvariantCulture), "+91"));
            var isKey = payload.All(c => c is >= '!' and <= '~');
            var first = await Observed.SendAsync(() => api.SendAsync(HttpMethod.Post, "contacts", body, r => r.Headers.TryAddWithoutValidation("Idempotency-Key", payload)));
            Observed.AssertWellFormed(first, "Idempotency-Key: " + payload);
            Assert.True(first.Code == (isKey ? 201 : 400), $"Idempotency-Key: {payload} → {first}");
            if (isKey)
            {
                keyed++;
                var replay = await Observed.SendAsync(() => api.SendAsync(HttpMethod.Post, "contacts", body, r => r.Headers.TryAddWithoutValidation("Idempotency-Key", payload)));
                Assert.Equal(first.Body, replay.Body);
            }

            // accountId: not an account id at all.
            var foreign = await Observed.SendAsync(() => api.SendAsync(HttpMethod.Get, "contacts", configure: r =>
            {
                r.Headers.Remove("accountId");
                r.Headers.TryAddWithoutValidation("accountId", payload);
            }));
            Observed.AssertWellFormed(foreign, "accountId: " + payload);
            Assert.Equal("INVALID_ACCOUNT_ID", JsonDocument.Parse(foreign.Body).RootElement.GetProperty("errors")[0].Str("code"));

            // If-Match: names no version the contact has, so nothing changes.
            var guarded = await Observed.SendAsync(() => api.SendAsync(HttpMethod.Put, "contacts/" + target, Bodies.Contact("if", "match", "982000002").ToJsonString(), r => r.Headers.TryAddWithoutValidation("If-Match", payload)));
            Observed.AssertWellFormed(guarded, "If-Match: " + payload);
            Assert.True(guarded.Code == 412, $"If-Match: {payload} → {guarded}");
        }
        Assert.True(keyed > 5, $"only {keyed} payloads were usable keys");
        Assert.Equal("Header", (await Bodies.ReadAsync(await api.GetAsync("contacts/" + target), HttpStatusCode.OK)).Str("firstName"));
        await AssertTheBookStillWorksAsync(api, expectedActive: 1 + keyed);
    }

    /// <summary>The count is right, and a new contact can be created, found by phone and by name.</summary>
    private static async Task AssertTheBookStillWorksAsync(TenantClient api, int expectedActive)
    {
        Assert.Equal(expectedActive, await api.CountAsync("ACTIVE"));
        var created = await api.CreateAsync("Still", "Working", "989999999");
        var byPhone = await Bodies.ReadAsync(await api.GetAsync("contacts?phone=%2B91989999999"), HttpStatusCode.OK);
        Assert.Equal(created.Str("id"), byPhone.GetProperty("results")[0].Str("id"));
        var byName = await Bodies.ReadAsync(await api.GetAsync("contacts?q=still%20wor"), HttpStatusCode.OK);
        Assert.Equal(created.Str("id"), byName.GetProperty("results")[0].Str("id"));
        Assert.Equal(expectedActive + 1, await api.CountAsync("ACTIVE"));
    }
}
