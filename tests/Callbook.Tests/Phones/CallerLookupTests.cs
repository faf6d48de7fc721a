using System.Net;

namespace Callbook.Tests.Phones;

public sealed class CallerLookupTests
{
    [Theory, BothBackends]
    public async Task AnyEverydayFormatFindsTheCaller(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        var uk = await api.CreateAsync("uk", "caller", "2079460000", "+44");
        var us = await api.CreateAsync("us", "caller", "4155550100", "+1");
        await api.CreateAsync("noise", "other", "2079460001", "+44");

        foreach (var (query, expected) in new[]
        {
            ("phone=%2B442079460000", uk), ("phone=%2B44 20 7946 0000", uk), ("phone=0044-20-7946-0000", uk), ("phone=442079460000", uk),
            ("phone=(020) 7946.0000&countryCode=%2B44", uk), ("phone=2079460000&countryCode=%2B44", uk),
            ("phone=%2B1 (415) 555-0100", us), ("phone=415.555.0100&countryCode=%2B1", us), ("phone=1-415-555-0100", us),
        })
        {
            var page = await Bodies.ReadAsync(await api.GetAsync("contacts?" + query), HttpStatusCode.OK);
            Assert.Equal(["results", "skip", "limit", "hasMore", "totalPages", "totalResults"], Bodies.Keys(page));
            var match = Assert.Single(page.GetProperty("results").EnumerateArray());
            Assert.True(expected.Str("id") == match.Str("id"), query);
            Assert.Equal(1, page.GetProperty("totalResults").GetInt32());
        }
    }

    [Theory, BothBackends]
    public async Task LookupRespectsStatusAndStream(string backend)
    {
        var factory = TestServers.For(backend);
        var api = await factory.NewTenantAsync();
        var other = await factory.NewTenantAsync();
        var gone = await api.CreateAsync("gone", "caller", "3055550199", "+1");
        await Bodies.ReadAsync(await api.DeleteAsync("contacts/" + gone.Str("id")), HttpStatusCode.OK);
        await other.CreateAsync("other", "tenant", "3055550188", "+1");

        async Task<int> CountAsync(TenantClient client, string query) =>
            (await Bodies.ReadAsync(await client.GetAsync("contacts?" + query), HttpStatusCode.OK)).GetProperty("results").GetArrayLength();

        Assert.Equal(0, await CountAsync(api, "phone=%2B13055550199"));
        Assert.Equal(1, await CountAsync(api, "phone=%2B13055550199&status=INACTIVE"));
        Assert.Equal(1, await CountAsync(api, "phone=%2B13055550199&status=ALL"));
        Assert.Equal(0, await CountAsync(api, "phone=%2B13055550188"));
        Assert.Equal(1, await CountAsync(other, "phone=%2B13055550188"));
    }

    [Theory, BothBackends]
    public async Task ALookupWithMoreMatchesThanThePageIsPagedAndCounted(string backend)
    {
        // A number given up and taken again three times: three contacts of one number, two of them inactive.
        var api = await TestServers.TenantAsync(backend);
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var contact = await api.CreateAsync("again" + i, "caller", "3055550177", "+1");
            ids.Add(contact.Str("id"));
            if (i < 2)
            {
                await Bodies.ReadAsync(await api.DeleteAsync("contacts/" + contact.Str("id")), HttpStatusCode.OK);
            }
        }

        // List order is (createdAt, id); contacts made within one millisecond are ordered by id.
        var listed = await Bodies.ReadAsync(await api.GetAsync("contacts?status=ALL"), HttpStatusCode.OK);
        var ordered = listed.GetProperty("results").EnumerateArray().Select(c => c.Str("id")).ToList();
        Assert.Equal(ids.Order(StringComparer.Ordinal), ordered.Order(StringComparer.Ordinal));
        var inactive = ordered.Where(id => id != ids[2]).ToList();

        async Task<(string Ids, int Total, bool HasMore)> LookupAsync(string query)
        {
            var page = await Bodies.ReadAsync(await api.GetAsync("contacts?phone=%2B13055550177&" + query), HttpStatusCode.OK);
            return (string.Join(",", page.GetProperty("results").EnumerateArray().Select(c => c.Str("id"))),
                page.GetProperty("totalResults").GetInt32(), page.GetProperty("hasMore").GetBoolean());
        }

        Assert.Equal((ordered[0], 3, true), await LookupAsync("status=ALL&limit=1"));
        Assert.Equal((ordered[0] + "," + ordered[1], 3, true), await LookupAsync("status=ALL&limit=2"));
        Assert.Equal((string.Join(",", ordered), 3, false), await LookupAsync("status=ALL&limit=3"));
        Assert.Equal((inactive[0], 2, true), await LookupAsync("status=INACTIVE&limit=1"));
        Assert.Equal((string.Join(",", inactive), 2, false), await LookupAsync("status=INACTIVE"));
        Assert.Equal((ids[2], 1, false), await LookupAsync("limit=1"));
    }

    [Theory, BothBackends]
    public async Task MalformedLookupsAre400(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        foreach (var (query, field) in new[]
        {
            ("phone=abc", "phone"), ("phone=%2B12", "phone"), ("phone=123456789012345678", "phone"), ("phone=12%2B34", "phone"),
            ("countryCode=%2B44", "countryCode"), ("phone=2079460000&countryCode=%2B999", "countryCode"), ("phone=2079460000&countryCode=4a", "countryCode"), ("phone=1&phone=2", "phone"),
        })
        {
            var error = (await Bodies.ErrorsAsync(await api.GetAsync("contacts?" + query), HttpStatusCode.BadRequest))[0];
            Assert.Equal("INVALID_QUERY_PARAMETER", error.Str("code"));
            Assert.True(field == error.Str("field"), query);
        }
    }
}
