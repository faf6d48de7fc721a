using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;

namespace Callbook.Tests.Contacts;

public sealed class ListContactsTests
{
    [Theory, BothBackends]
    public async Task PagesAreOrderedAndCountedLikeTheContractSays(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        await CreateManyAsync(api, 25);

        var first = await Bodies.ReadAsync(await api.GetAsync("contacts"), HttpStatusCode.OK);
        Assert.Equal(["results", "skip", "limit", "hasMore", "totalPages", "totalResults", "nextCursor"], Bodies.Keys(first));
        Assert.Equal(10, first.GetProperty("results").GetArrayLength());
        Assert.Equal(0, first.GetProperty("skip").GetInt32());
        Assert.Equal(10, first.GetProperty("limit").GetInt32());
        Assert.True(first.GetProperty("hasMore").GetBoolean());
        Assert.Equal(3, first.GetProperty("totalPages").GetInt32());
        Assert.Equal(25, first.GetProperty("totalResults").GetInt32());

        var last = await Bodies.ReadAsync(await api.GetAsync("contacts?skip=20&limit=10"), HttpStatusCode.OK);
        Assert.Equal(5, last.GetProperty("results").GetArrayLength());
        Assert.False(last.GetProperty("hasMore").GetBoolean());
        Assert.Equal(["results", "skip", "limit", "hasMore", "totalPages", "totalResults"], Bodies.Keys(last));

        var all = await Bodies.ReadAsync(await api.GetAsync("contacts?limit=100"), HttpStatusCode.OK);
        var names = all.GetProperty("results").EnumerateArray().Select(c => c.Str("firstName")).ToList();
        Assert.Equal(Enumerable.Range(0, 25).Select(i => "n" + i.ToString("00", CultureInfo.InvariantCulture)), names);
        var keys = all.GetProperty("results").EnumerateArray().Select(c => (c.Str("createdAt"), c.Str("id"))).ToList();
        Assert.Equal(keys.OrderBy(k => k.Item1, StringComparer.Ordinal).ThenBy(k => k.Item2, StringComparer.Ordinal), keys);

        var beyond = await Bodies.ReadAsync(await api.GetAsync("contacts?skip=100"), HttpStatusCode.OK);
        Assert.Equal(0, beyond.GetProperty("results").GetArrayLength());
        Assert.False(beyond.GetProperty("hasMore").GetBoolean());
        Assert.Equal(25, beyond.GetProperty("totalResults").GetInt32());
    }

    [Theory, BothBackends]
    public async Task StatusFilterShowsActiveByDefault(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        var ids = await CreateManyAsync(api, 3);
        await Bodies.ReadAsync(await api.DeleteAsync("contacts/" + ids[1]), HttpStatusCode.OK);

        async Task<string[]> ListAsync(string query) =>
            [.. (await Bodies.ReadAsync(await api.GetAsync("contacts" + query), HttpStatusCode.OK)).GetProperty("results").EnumerateArray().Select(c => c.Str("id"))];

        Assert.Equal([ids[0], ids[2]], await ListAsync(""));
        Assert.Equal([ids[0], ids[2]], await ListAsync("?status=ACTIVE"));
        Assert.Equal([ids[1]], await ListAsync("?status=INACTIVE"));
        Assert.Equal(ids, await ListAsync("?status=ALL"));
        Assert.Equal(ids, await ListAsync("?status=all"));
    }

    [Theory, BothBackends]
    public async Task BadQueryParametersAre400(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        foreach (var (query, field) in new[]
        {
            ("limit=0", "limit"), ("limit=101", "limit"), ("limit=abc", "limit"), ("limit=-1", "limit"), ("limit=1.5", "limit"),
            ("skip=-1", "skip"), ("skip=x", "skip"), ("skip=99999999999", "skip"), ("status=DELETED", "status"), ("limit=5&limit=6", "limit"),
        })
        {
            var error = Assert.Single(await Bodies.ErrorsAsync(await api.GetAsync("contacts?" + query), HttpStatusCode.BadRequest));
            Assert.Equal("INVALID_QUERY_PARAMETER", error.Str("code"));
            Assert.Equal(field, error.Str("field"));
        }
        var max = await Bodies.ReadAsync(await api.GetAsync("contacts?limit=100&skip=0"), HttpStatusCode.OK);
        Assert.Equal(100, max.GetProperty("limit").GetInt32());
        Assert.Equal(0, max.GetProperty("totalPages").GetInt32());
    }

    public static async Task<string[]> CreateManyAsync(TenantClient api, int count)
    {
        var body = new JsonArray([.. Enumerable.Range(0, count).Select(i =>
            (JsonNode)Bodies.Contact("n" + i.ToString("00", CultureInfo.InvariantCulture), "x", (6000000 + i).ToString(CultureInfo.InvariantCulture), "+1"))]);
        var created = await Bodies.ReadAsync(await api.PostAsync("contacts", body.ToJsonString()), HttpStatusCode.Created);
        return [.. created.EnumerateArray().Select(c => c.Str("id"))];
    }
}
