using System.Net;
using System.Text.Json.Nodes;

namespace Callbook.Tests.Security;

/// <summary>A second account can neither read, change, delete nor count the first one's contacts, by any endpoint.</summary>
public sealed class TenantIsolationTests
{
    [Theory, BothBackends]
    public async Task AnotherAccountCannotReachTheFirstOnesContacts(string backend)
    {
        var factory = TestServers.For(backend);
        var a = await factory.NewTenantAsync();
        var b = await factory.NewTenantAsync();
        var contact = await a.CreateAsync("secret", "person", "9100001");
        var id = contact.Str("id");

        // B through its own stream: the id simply does not exist there.
        Assert.Equal("NOT_FOUND", await Bodies.SingleErrorCodeAsync(await b.GetAsync("contacts/" + id), HttpStatusCode.NotFound));
        Assert.Equal("NOT_FOUND", await Bodies.SingleErrorCodeAsync(await b.PutAsync("contacts/" + id, Bodies.Contact("x", "y", "9100002").ToJsonString()), HttpStatusCode.NotFound));
        Assert.Equal("NOT_FOUND", await Bodies.SingleErrorCodeAsync(await b.DeleteAsync("contacts/" + id), HttpStatusCode.NotFound));
        var update = Bodies.Contact("x", "y", "9100003");
        update["id"] = id;
        var bulkUpdate = await Bodies.ReadAsync(await b.PutAsync("contacts/bulk-update", new JsonArray(update).ToJsonString()), HttpStatusCode.OK);
        Assert.Equal("NOT_FOUND", bulkUpdate.GetProperty("failedRecords")[0].GetProperty("errors")[0].Str("code"));
        var bulkDelete = await Bodies.ReadAsync(await b.DeleteAsync("contacts/bulk-delete", new JsonObject { ["ids"] = new JsonArray(id) }.ToJsonString()), HttpStatusCode.OK);
        Assert.Equal("NOT_FOUND", bulkDelete.GetProperty("failedRecords")[0].GetProperty("errors")[0].Str("code"));
        Assert.Equal(0, await b.CountAsync("ALL"));
        // B may hold the same number in its own stream.
        await b.CreateAsync("own", "contact", "9100001");

        // B pointing at A's stream with its own credentials: 404, never A's data.
        foreach (var (method, path) in new[] { (HttpMethod.Get, "contacts"), (HttpMethod.Get, "contacts/" + id), (HttpMethod.Delete, "contacts/" + id) })
        {
            var request = new HttpRequestMessage(method, b.Url(path, a.StreamId));
            request.Headers.Add("auth", b.Token);
            request.Headers.Add("accountId", b.AccountId);
            var response = await b.Http.SendAsync(request, TestContext.Current.CancellationToken);
            Assert.Equal("NOT_FOUND", await Bodies.SingleErrorCodeAsync(response, HttpStatusCode.NotFound));
        }

        // A's contact is untouched.
        var after = await Bodies.ReadAsync(await a.GetAsync("contacts/" + id), HttpStatusCode.OK);
        Assert.Equal(contact.GetRawText(), after.GetRawText());
        Assert.Equal(1, await a.CountAsync("ALL"));
    }

    [Theory, BothBackends]
    public async Task TwoStreamsOfOneAccountAreSeparateBooks(string backend)
    {
        var factory = TestServers.For(backend);
        var a = await factory.NewTenantAsync();
        var ct = TestContext.Current.CancellationToken;
        var second = await factory.Database.Tenancy.CreateStreamAsync(a.AccountId, "second", null, ct);
        await factory.Database.Tenancy.GrantScopeAsync(a.Setup.ClientId, second.StreamId, "Configuration", ct);
        var contact = await a.CreateAsync("first", "stream", "9200001");

        var request = new HttpRequestMessage(HttpMethod.Get, a.Url("contacts/" + contact.Str("id"), second.StreamId));
        request.Headers.Add("auth", a.Token);
        request.Headers.Add("accountId", a.AccountId);
        Assert.Equal("NOT_FOUND", await Bodies.SingleErrorCodeAsync(await a.Http.SendAsync(request, ct), HttpStatusCode.NotFound));
    }
}
