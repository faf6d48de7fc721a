using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;

namespace Callbook.Tests.Contacts;

public sealed class CursorPagingTests
{
    [Theory, BothBackends]
    public async Task WalkOverTenThousandContactsSeesEachOnceWhileInsertsHappen(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        var original = new HashSet<string>(StringComparer.Ordinal);
        for (var batch = 0; batch < 10; batch++)
        {
            var body = new JsonArray([.. Enumerable.Range(0, 1000).Select(i =>
                (JsonNode)Bodies.Contact("w" + batch, "c" + i, (30000000 + (batch * 1000) + i).ToString(CultureInfo.InvariantCulture), "+1"))]);
            var created = await Bodies.ReadAsync(await api.PostAsync("contacts", body.ToJsonString()), HttpStatusCode.Created);
            original.UnionWith(created.EnumerateArray().Select(c => c.Str("id")));
        }

        var seen = new List<string>();
        string? cursor = null;
        var inserted = 0;
        do
        {
            var page = await Bodies.ReadAsync(await api.GetAsync("contacts?limit=100" + (cursor is null ? "" : "&cursor=" + cursor)), HttpStatusCode.OK);
            seen.AddRange(page.GetProperty("results").EnumerateArray().Select(c => c.Str("id")));
            cursor = page.GetProperty("hasMore").GetBoolean() ? page.Str("nextCursor") : null;
            // A contact is added between every pair of pages.
            await api.CreateAsync("late", "arrival" + inserted, (40000000 + inserted++).ToString(CultureInfo.InvariantCulture), "+1");
        }
        while (cursor is not null);

        Assert.Equal(seen.Count, seen.Distinct(StringComparer.Ordinal).Count());
        Assert.True(original.IsSubsetOf(seen));
        Assert.Equal(original.Count, seen.Count(original.Contains));
    }

    [Theory, BothBackends]
    public async Task CursorsAreOpaqueTamperEvidentAndBoundToStreamAndFilters(string backend)
    {
        var factory = TestServers.For(backend);
        var api = await factory.NewTenantAsync();
        var other = await factory.NewTenantAsync();
        foreach (var client in new[] { api, other })
        {
            await Bodies.ReadAsync(await client.PostAsync("contacts", new JsonArray([.. Enumerable.Range(0, 5).Select(i =>
                (JsonNode)Bodies.Contact("c" + i, "x", (5500000 + i).ToString(CultureInfo.InvariantCulture), "+1"))]).ToJsonString()), HttpStatusCode.Created);
        }
        var page = await Bodies.ReadAsync(await api.GetAsync("contacts?limit=2"), HttpStatusCode.OK);
        var cursor = page.Str("nextCursor");
        Assert.DoesNotContain(page.GetProperty("results")[1].Str("id"), cursor, StringComparison.Ordinal);

        var second = await Bodies.ReadAsync(await api.GetAsync("contacts?limit=2&cursor=" + cursor), HttpStatusCode.OK);
        Assert.Equal(["c2", "c3"], second.GetProperty("results").EnumerateArray().Select(c => c.Str("firstName")));
        Assert.Equal(5, second.GetProperty("totalResults").GetInt32());

        var flipped = (cursor[5] == 'A' ? "B" : "A");
        foreach (var bad in new[] { cursor[..5] + flipped + cursor[6..], cursor[..^2], "garbage", cursor + "AA" })
        {
            Assert.Equal("cursor", Assert.Single(await Bodies.ErrorsAsync(await api.GetAsync("contacts?cursor=" + bad), HttpStatusCode.BadRequest)).Str("field"));
        }
        Assert.Equal("cursor", Assert.Single(await Bodies.ErrorsAsync(await other.GetAsync("contacts?cursor=" + cursor), HttpStatusCode.BadRequest)).Str("field"));
        Assert.Equal("cursor", Assert.Single(await Bodies.ErrorsAsync(await api.GetAsync("contacts?status=ALL&cursor=" + cursor), HttpStatusCode.BadRequest)).Str("field"));
        Assert.Equal("cursor", Assert.Single(await Bodies.ErrorsAsync(await api.GetAsync("contacts?q=c&cursor=" + cursor), HttpStatusCode.BadRequest)).Str("field"));
        Assert.Equal("skip", Assert.Single(await Bodies.ErrorsAsync(await api.GetAsync("contacts?skip=2&cursor=" + cursor), HttpStatusCode.BadRequest)).Str("field"));
    }
}
