using System.Net;

namespace Callbook.Tests.Contacts;

/// <summary>GET, PUT and DELETE of one contact.</summary>
public sealed class SingleContactTests
{
    [Theory, BothBackends]
    public async Task UpdateReplacesEveryInputFieldAndRecordsWhoChangedIt(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        var created = await api.CreateAsync("john", "doe", "2445611111");
        var input = Bodies.Contact("Johnny", "Dough", "2445622222", "+91", "91", "Dr");
        input["address"] = System.Text.Json.Nodes.JsonNode.Parse("""[{"city":"Pune"}]""");

        var updated = await Bodies.ReadAsync(await api.PutAsync("contacts/" + created.Str("id"), input.ToJsonString()), HttpStatusCode.OK);

        Assert.Equal(Bodies.UpdatedContactKeys, Bodies.Keys(updated));
        Assert.Equal(created.Str("id"), updated.Str("id"));
        Assert.Equal("Johnny Dough", updated.Str("fullName"));
        Assert.Equal("Dr", updated.Str("salutation"));
        Assert.Equal("+912445622222", updated.GetProperty("cellPhone").Str("phoneNumber"));
        Assert.Equal("91", updated.GetProperty("cellPhone").Str("extension"));
        Assert.Equal("""[{"city":"Pune"}]""", updated.GetProperty("address").GetRawText());
        Assert.Equal(created.Str("createdAt"), updated.Str("createdAt"));
        Assert.Equal(api.Setup.UserId, updated.Str("updatedBy"));
        Assert.Equal(api.Setup.ActorId, updated.Str("updatedByAId"));
        Assert.Equal(updated.GetRawText(), (await Bodies.ReadAsync(await api.GetAsync("contacts/" + created.Str("id")), HttpStatusCode.OK)).GetRawText());

        // The old number is free again, the new one is taken.
        await api.CreateAsync("other", "person", "2445611111");
        Assert.Equal("PHONE_IN_USE", await Bodies.SingleErrorCodeAsync(await api.PostAsync("contacts", Bodies.Contacts(("x", "y", "2445622222", "+91"))), HttpStatusCode.Conflict));
    }

    [Theory, BothBackends]
    public async Task UpdateToATakenNumberIs409AndChangesNothing(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        var holder = await api.CreateAsync("a", "a", "3100001");
        var other = await api.CreateAsync("b", "b", "3100002");

        var error = Assert.Single(await Bodies.ErrorsAsync(await api.PutAsync("contacts/" + other.Str("id"), Bodies.Contact("b2", "b2", "3100001").ToJsonString()), HttpStatusCode.Conflict));

        Assert.Equal("PHONE_IN_USE", error.Str("code"));
        Assert.Equal(holder.Str("id"), error.Str("contactId"));
        Assert.Equal(other.GetRawText(), (await Bodies.ReadAsync(await api.GetAsync("contacts/" + other.Str("id")), HttpStatusCode.OK)).GetRawText());

        // Keeping one's own number is no conflict.
        var same = await Bodies.ReadAsync(await api.PutAsync("contacts/" + other.Str("id"), Bodies.Contact("b3", "b3", "3100002").ToJsonString()), HttpStatusCode.OK);
        Assert.Equal("b3 b3", same.Str("fullName"));
    }

    [Theory, BothBackends]
    public async Task InvalidUpdateIs400AndChangesNothing(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        var contact = await api.CreateAsync("a", "a", "3200001");
        var id = contact.Str("id");

        Assert.Equal("INVALID_FIELD", await Bodies.SingleErrorCodeAsync(await api.PutAsync("contacts/" + id, Bodies.Contact("a", "a", "32x00001").ToJsonString()), HttpStatusCode.BadRequest));
        Assert.Equal("INVALID_BODY", await Bodies.SingleErrorCodeAsync(await api.PutAsync("contacts/" + id, "[" + Bodies.Contact("a", "a", "3200001").ToJsonString() + "]"), HttpStatusCode.BadRequest));
        Assert.Equal(contact.GetRawText(), (await Bodies.ReadAsync(await api.GetAsync("contacts/" + id), HttpStatusCode.OK)).GetRawText());
    }

    [Theory, BothBackends]
    public async Task DeleteIsSoftFreesTheNumberAndIsRepeatable(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        var contact = await api.CreateAsync("john", "doe", "2445633333");
        var id = contact.Str("id");

        var deleted = await Bodies.ReadAsync(await api.DeleteAsync("contacts/" + id), HttpStatusCode.OK);
        Assert.Equal(Bodies.UpdatedContactKeys, Bodies.Keys(deleted));
        Assert.Equal("INACTIVE", deleted.Str("status"));
        Assert.Equal("+912445633333", deleted.GetProperty("cellPhone").Str("phoneNumber"));
        Assert.Equal(api.Setup.UserId, deleted.Str("updatedBy"));

        var again = await Bodies.ReadAsync(await api.DeleteAsync("contacts/" + id), HttpStatusCode.OK);
        Assert.Equal(deleted.GetRawText(), again.GetRawText());

        var fetched = await Bodies.ReadAsync(await api.GetAsync("contacts/" + id), HttpStatusCode.OK);
        Assert.Equal("INACTIVE", fetched.Str("status"));

        Assert.Equal("NOT_FOUND", await Bodies.SingleErrorCodeAsync(await api.PutAsync("contacts/" + id, Bodies.Contact("x", "y", "2445644444").ToJsonString()), HttpStatusCode.NotFound));

        var reused = await api.CreateAsync("jane", "doe", "2445633333");
        Assert.NotEqual(id, reused.Str("id"));
        Assert.Equal(1, await api.CountAsync("ACTIVE"));
        Assert.Equal(2, await api.CountAsync("ALL"));
    }

    [Theory, BothBackends]
    public async Task VendorDeleteSampleWorksWithItsContentTypeHeader(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        var contact = await api.CreateAsync("john", "doe", "2445655555");
        // The vendor's curl sends Content-Type: application/json and no body.
        var response = await api.SendAsync(HttpMethod.Delete, "contacts/" + contact.Str("id"), configure: r =>
        {
            r.Content = new ByteArrayContent([]);
            r.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        });
        var body = await Bodies.ReadAsync(response, HttpStatusCode.OK);
        Assert.Equal("INACTIVE", body.Str("status"));
        Assert.Equal(contact.Str("id"), body.Str("id"));
    }
}
