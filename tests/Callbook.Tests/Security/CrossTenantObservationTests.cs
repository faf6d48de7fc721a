using System.Net;
using System.Text;

namespace Callbook.Tests.Security;

/// <summary>
/// Tenant B, with good credentials for its own stream, learns nothing of tenant A: A's ids answer
/// exactly like ids nobody has (status, headers, body), and no list, count, lookup, search, export,
/// cursor or idempotency key of B shows a trace of A.
/// </summary>
public sealed class CrossTenantObservationTests
{
    private static readonly string[] VolatileHeaders = ["Date", "X-Request-Id"];

    [Theory, BothBackends]
    public async Task AnIdOfAnotherTenantAnswersExactlyLikeAnUnknownId(string backend)
    {
        var factory = TestServers.For(backend);
        var a = await factory.NewTenantAsync();
        var b = await factory.NewTenantAsync();
        await b.CreateAsync("own", "contact", "950000009");
        var active = (await a.CreateAsync("Xanthippe", "Vandersloot", "950000001")).Str("id");
        var deleted = (await a.CreateAsync("Xanthippe", "Gone", "950000002")).Str("id");
        await Bodies.ReadAsync(await a.DeleteAsync("contacts/" + deleted), HttpStatusCode.OK);
        var aBefore = await Observed.SnapshotAsync(a);
        var bBefore = await Observed.SnapshotAsync(b);

        var update = Bodies.Contact("b", "writes", "950000003").ToJsonString();
        var probes = new (string Name, Func<string, Task<HttpResponseMessage>> Send)[]
        {
            ("get", id => b.GetAsync("contacts/" + id)),
            ("update", id => b.PutAsync("contacts/" + id, update)),
            ("delete", id => b.DeleteAsync("contacts/" + id)),
            ("history", id => b.GetAsync($"contacts/{id}/history")),
            ("restore", id => b.SendAsync(HttpMethod.Post, $"contacts/{id}/restore")),
            ("update with If-Match", id => b.SendAsync(HttpMethod.Put, "contacts/" + id, update, r => r.Headers.TryAddWithoutValidation("If-Match", "\"v1\""))),
            ("bulk update", id => b.PutAsync("contacts/bulk-update", $$$"""[{"id":"{{{id}}}","version":1,"firstName":"b","lastName":"bulk","salutation":"mr","cellPhone":{"extension":"+","phoneNumber":"950000004","countryCode":"+91"}}]""")),
            ("bulk delete", id => b.DeleteAsync("contacts/bulk-delete", $$"""{"ids":["{{id}}"]}""")),
        };
        foreach (var (name, send) in probes)
        {
            foreach (var foreign in new[] { active, deleted })
            {
                var unknown = Observed.UnknownId();
                var (foreignStatus, foreignView) = await ViewAsync(await send(foreign), foreign);
                var (unknownStatus, unknownView) = await ViewAsync(await send(unknown), unknown);
                Assert.True(unknownStatus == foreignStatus, $"{name}: A's id gives {(int)foreignStatus}, an unknown id {(int)unknownStatus}");
                Assert.Equal(unknownView, foreignView);
            }
        }
        Assert.Equal(aBefore, await Observed.SnapshotAsync(a));
        Assert.Equal(bBefore, await Observed.SnapshotAsync(b));
    }

    [Theory, BothBackends]
    public async Task ListsCountsLookupsSearchesExportsAndCursorsShowNothingOfAnotherTenant(string backend)
    {
        var factory = TestServers.For(backend);
        var a = await factory.NewTenantAsync();
        var b = await factory.NewTenantAsync();
        await b.CreateAsync("Bartholomew", "Own", "960000009");
        var aData = new List<string>();
        for (var i = 1; i <= 3; i++)
        {
            aData.Add((await a.CreateAsync("Xanthippe", "Vandersloot" + i, "96000000" + i)).Str("id"));
            aData.Add("96000000" + i);
        }
        aData.Add("Xanthippe");
        await Bodies.ReadAsync(await a.DeleteAsync("contacts/" + aData[0]), HttpStatusCode.OK);

        async Task<string> BodyAsync(string relative, HttpStatusCode expected = HttpStatusCode.OK)
        {
            var response = await b.GetAsync(relative);
            var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            Assert.True(response.StatusCode == expected, $"{relative}: {(int)response.StatusCode} {text}");
            foreach (var secret in aData)
            {
                Assert.False(text.Contains(secret, StringComparison.OrdinalIgnoreCase), $"{relative} shows {secret}: {text}");
            }
            return text;
        }

        // List and count: only B's one contact, in every status.
        foreach (var status in new[] { "ACTIVE", "INACTIVE", "ALL" })
        {
            var list = await Bodies.ReadAsync(await b.GetAsync($"contacts?status={status}&limit=100"), HttpStatusCode.OK);
            Assert.Equal(status == "INACTIVE" ? 0 : 1, list.GetProperty("totalResults").GetInt64());
            await BodyAsync($"contacts?status={status}&limit=100");
        }
        // Lookup and search for A's data answer exactly like a lookup and a search that match nobody.
        Assert.Equal(await BodyAsync("contacts?phone=%2B91999999999&status=ALL"), await BodyAsync("contacts?phone=%2B91960000002&status=ALL"));
        Assert.Equal(await BodyAsync("contacts?phone=999999999&countryCode=%2B91"), await BodyAsync("contacts?phone=960000002&countryCode=%2B91"));
        Assert.Equal(await BodyAsync("contacts?phone=%2B91999999999&status=INACTIVE"), await BodyAsync("contacts?phone=%2B91960000001&status=INACTIVE"));
        Assert.Equal(await BodyAsync("contacts?q=zzzzzzzzz&status=ALL"), await BodyAsync("contacts?q=xanth&status=ALL"));
        Assert.Equal(await BodyAsync("contacts?q=zzzzzzzzz&status=ALL"), await BodyAsync("contacts?q=vandersloot2&status=ALL"));
        // Export: a header and B's own row.
        var export = await BodyAsync("contacts/export?status=ALL");
        Assert.Equal(2, export.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains("Bartholomew", export, StringComparison.Ordinal);

        // A's count changes; B's does not.
        await a.CreateAsync("Xanthippe", "Later", "960000004");
        Assert.Equal(1, await b.CountAsync("ALL"));

        // A's cursor is worthless in B's stream: a 400 that shows nothing of A.
        var page = await Bodies.ReadAsync(await a.GetAsync("contacts?status=ALL&limit=1"), HttpStatusCode.OK);
        var cursor = Uri.EscapeDataString(page.Str("nextCursor"));
        Assert.Equal("INVALID_QUERY_PARAMETER", await Bodies.SingleErrorCodeAsync(await b.GetAsync("contacts?status=ALL&limit=1&cursor=" + cursor), HttpStatusCode.BadRequest));
        await BodyAsync("contacts?status=ALL&limit=1&cursor=" + cursor, HttpStatusCode.BadRequest);

        // The same Idempotency-Key and body in B is B's own first request, not a replay of A's answer.
        var key = Guid.NewGuid().ToString();
        var body = Bodies.Contacts(("Xanthippe", "Keyed", "960000005", "+91"));
        var first = await a.SendAsync(HttpMethod.Post, "contacts", body, r => r.Headers.Add("Idempotency-Key", key));
        var aKeyed = (await Bodies.ReadAsync(first, HttpStatusCode.Created))[0].Str("id");
        aData.Add(aKeyed);
        var replay = await b.SendAsync(HttpMethod.Post, "contacts", body, r => r.Headers.Add("Idempotency-Key", key));
        var bKeyed = (await Bodies.ReadAsync(replay, HttpStatusCode.Created))[0];
        Assert.NotEqual(aKeyed, bKeyed.Str("id"));
        Assert.Equal(b.StreamId, bKeyed.Str("instanceBotId"));

        // A's numbers are free in B: an import holding one is not told that someone else has it.
        var csv = "firstName,lastName,salutation,cellPhoneNumber,cellPhoneCountryCode,cellPhoneExtension\r\nb,imports,mr,960000002,+91,+\r\n";
        var import = await b.ImportAsync(csv);
        Assert.Equal("+91960000002", (await Bodies.ReadAsync(import, HttpStatusCode.Created))[0].GetProperty("cellPhone").Str("phoneNumber"));
        Assert.Equal(3, await b.CountAsync("ALL"));
    }

    /// <summary>Status, headers and body, with the asked-for id replaced so that answers for different ids compare.</summary>
    private static async Task<(HttpStatusCode Status, string View)> ViewAsync(HttpResponseMessage response, string id)
    {
        var view = new StringBuilder();
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers).OrderBy(h => h.Key, StringComparer.OrdinalIgnoreCase))
        {
            if (!VolatileHeaders.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                view.Append(name).Append(": ").AppendJoin(", ", values).Append('\n');
            }
        }
        view.Append('\n').Append(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return (response.StatusCode, view.ToString().Replace(id, "{id}", StringComparison.Ordinal));
    }
}
