using System.Net;
using System.Text.Json.Nodes;

namespace Callbook.Tests.Contacts;

/// <summary>Phone uniqueness and atomicity hold under parallel requests: the database decides, not a prior read.</summary>
public sealed class ConcurrencyTests
{
    [Theory, BothBackends]
    public async Task ParallelCreatesOfOnePhoneLetExactlyOneWin(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        var attempts = Enumerable.Range(0, 24).Select(i => api.PostAsync("contacts", Bodies.Contacts(("racer" + i, "x", "9300001", "+91"))));

        var responses = await Task.WhenAll(attempts);

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.Equal(23, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        Assert.Equal(1, await api.CountAsync("ALL"));
    }

    [Theory, BothBackends]
    public async Task ParallelBatchesNeverHalfApply(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        // Batches of 50 that overlap pairwise on one number: each is all-in or all-out.
        var batches = Enumerable.Range(0, 10).Select(b => new JsonArray([.. Enumerable.Range(0, 50).Select(i =>
            (JsonNode)Bodies.Contact("b" + b, "i" + i, (9400000 + (b * 49) + i).ToString(System.Globalization.CultureInfo.InvariantCulture), "+1"))]).ToJsonString());

        var responses = await Task.WhenAll(batches.Select(body => api.PostAsync("contacts", body)));

        var created = responses.Count(r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.Conflict }));
        Assert.True(created >= 1);
        Assert.Equal(created * 50, await api.CountAsync("ALL"));
    }

    [Theory, BothBackends]
    public async Task ParallelWritersAndReadersSeeNoLockErrors(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        var ids = await ListContactsTests.CreateManyAsync(api, 20);
        var work = new List<Task<HttpResponseMessage>>();
        for (var i = 0; i < 20; i++)
        {
            work.Add(api.PutAsync("contacts/" + ids[i], Bodies.Contact("u" + i, "x", (9500000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture), "+1").ToJsonString()));
            work.Add(api.GetAsync("contacts?limit=100"));
            work.Add(api.PostAsync("contacts", Bodies.Contacts(("n" + i, "x", (9600000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture), "+1"))));
        }

        var responses = await Task.WhenAll(work);

        Assert.All(responses, r => Assert.True(r.IsSuccessStatusCode, r.StatusCode.ToString()));
        Assert.Equal(40, await api.CountAsync("ACTIVE"));
    }
}
