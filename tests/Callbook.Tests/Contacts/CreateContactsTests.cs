using System.Net;
using System.Text.Json.Nodes;

namespace Callbook.Tests.Contacts;

public sealed class CreateContactsTests
{
    [Theory, BothBackends]
    public async Task CreatedContactHasTheVendorShapeAndStoredPhone(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        var response = await api.PostAsync("contacts", Bodies.Contacts(("john", "doe", "2445612345", "+91")));

        var body = await Bodies.ReadAsync(response, HttpStatusCode.Created);
        var contact = Assert.Single(body.EnumerateArray());
        Assert.Equal(Bodies.ContactKeys, Bodies.Keys(contact));
        Assert.Matches("^[0-9a-f]{24}$", contact.Str("id"));
        Assert.Equal("john", contact.Str("firstName"));
        Assert.Equal("doe", contact.Str("lastName"));
        Assert.Equal("john doe", contact.Str("fullName"));
        Assert.Equal("mr", contact.Str("salutation"));
        Assert.Equal(["extension", "phoneNumber", "countryCode"], Bodies.Keys(contact.GetProperty("cellPhone")));
        Assert.Equal("+", contact.GetProperty("cellPhone").Str("extension"));
        Assert.Equal("+912445612345", contact.GetProperty("cellPhone").Str("phoneNumber"));
        Assert.Equal("+91", contact.GetProperty("cellPhone").Str("countryCode"));
        Assert.Equal("ACTIVE", contact.Str("status"));
        Assert.Equal(api.StreamId, contact.Str("instanceBotId"));
        Assert.Equal(api.Setup.OrgId, contact.Str("orgId"));
        Assert.Equal(api.AccountId, contact.Str("accountId"));
        Assert.Equal(api.Setup.UserId, contact.Str("createdBy"));
        Assert.Equal(api.Setup.ActorId, contact.Str("createdByAId"));
        Assert.Equal("[]", contact.GetProperty("address").GetRawText());
        Assert.Equal("[]", contact.GetProperty("twitterDetails").GetRawText());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", contact.Str("createdAt"));
        Assert.Equal(contact.Str("createdAt"), contact.Str("updatedAt"));

        var stored = await Bodies.ReadAsync(await api.GetAsync("contacts/" + contact.Str("id")), HttpStatusCode.OK);
        Assert.Equal(contact.GetRawText(), stored.GetRawText());
    }

    [Theory, BothBackends]
    public async Task ArrayIsCreatedInInputOrderAndSingleObjectIsAccepted(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        var many = await Bodies.ReadAsync(await api.PostAsync("contacts", Bodies.Contacts(
            ("a", "one", "1000001", "+1"), ("b", "two", "1000002", "+1"), ("c", "three", "1000003", "+1"))), HttpStatusCode.Created);
        Assert.Equal(["a", "b", "c"], many.EnumerateArray().Select(c => c.Str("firstName")));

        var single = await Bodies.ReadAsync(await api.PostAsync("contacts", Bodies.Contact("d", "four", "1000004", "+1").ToJsonString()), HttpStatusCode.Created);
        Assert.Equal("d", Assert.Single(single.EnumerateArray()).Str("firstName"));

        var list = await Bodies.ReadAsync(await api.GetAsync("contacts"), HttpStatusCode.OK);
        Assert.Equal(["a", "b", "c", "d"], list.GetProperty("results").EnumerateArray().Select(c => c.Str("firstName")));
    }

    [Theory, BothBackends]
    public async Task ServerManagedFieldsAreIgnoredAndExtrasKeptAsSent(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        var input = Bodies.Contact("  Ann ", " Lee  ", "+4930123456", "+49", "49", "Dr");
        input["id"] = "000000000000000000000000";
        input["_id"] = "000000000000000000000000";
        input["status"] = "INACTIVE";
        input["accountId"] = "ffffffffffffffffffffffff";
        input["orgId"] = "o-evil";
        input["createdAt"] = "2000-01-01T00:00:00.000Z";
        input["fullName"] = "Someone Else";
        input["unknown"] = 42;
        input["address"] = JsonNode.Parse("""[{"city":"Berlin","zip":"10115","lines":["a","b"]}]""");
        input["twitterDetails"] = JsonNode.Parse("""[{"handle":"@ann"}]""");

        var contact = Assert.Single((await Bodies.ReadAsync(await api.PostAsync("contacts", input.ToJsonString()), HttpStatusCode.Created)).EnumerateArray());

        Assert.NotEqual("000000000000000000000000", contact.Str("id"));
        Assert.Equal("ACTIVE", contact.Str("status"));
        Assert.Equal(api.AccountId, contact.Str("accountId"));
        Assert.Equal(api.Setup.OrgId, contact.Str("orgId"));
        Assert.NotEqual("2000-01-01T00:00:00.000Z", contact.Str("createdAt"));
        Assert.Equal("Ann", contact.Str("firstName"));
        Assert.Equal("Lee", contact.Str("lastName"));
        Assert.Equal("Ann Lee", contact.Str("fullName"));
        Assert.Equal("Dr", contact.Str("salutation"));
        Assert.Equal("+4930123456", contact.GetProperty("cellPhone").Str("phoneNumber"));
        Assert.Equal("49", contact.GetProperty("cellPhone").Str("extension"));
        Assert.Equal("""[{"city":"Berlin","zip":"10115","lines":["a","b"]}]""", contact.GetProperty("address").GetRawText());
        Assert.Equal("""[{"handle":"@ann"}]""", contact.GetProperty("twitterDetails").GetRawText());
        Assert.False(contact.TryGetProperty("unknown", out _));
    }

    [Theory, BothBackends]
    public async Task InvalidElementCreatesNothingAndNamesEveryIndex(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        var body = new JsonArray(
            Bodies.Contact("ok", "one", "5550001", "+1"),
            Bodies.Contact("bad", "phone", "55x50002", "+1"),
            Bodies.Contact("ok", "two", "5550003", "+1"),
            Bodies.Contact("", "name", "5550004", "+1")).ToJsonString();

        var errors = await Bodies.ErrorsAsync(await api.PostAsync("contacts", body), HttpStatusCode.BadRequest);

        Assert.Equal([1, 3], errors.Select(e => e.GetProperty("index").GetInt32()).Distinct());
        var phone = errors.Single(e => e.GetProperty("index").GetInt32() == 1);
        Assert.Equal("INVALID_FIELD", phone.Str("code"));
        Assert.Equal("cellPhone.phoneNumber", phone.Str("field"));
        Assert.Equal("cellPhone.phoneNumber must not contain letters (a tel: URI may add ;ext= and other parameters after the number)", phone.Str("msg"));
        Assert.Equal("firstName", errors.Single(e => e.GetProperty("index").GetInt32() == 3).Str("field"));
        Assert.Equal(0, await api.CountAsync());
    }

    [Theory, BothBackends]
    public async Task TakenPhoneFailsTheWholeRequestWith409NamingTheHolder(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        var holder = await api.CreateAsync("first", "holder", "7000001");

        var response = await api.PostAsync("contacts", Bodies.Contacts(("new", "one", "7000002", "+91"), ("new", "two", "+917000001", "+91")));

        var error = Assert.Single(await Bodies.ErrorsAsync(response, HttpStatusCode.Conflict));
        Assert.Equal("PHONE_IN_USE", error.Str("code"));
        Assert.Equal(1, error.GetProperty("index").GetInt32());
        Assert.Equal(holder.Str("id"), error.Str("contactId"));
        Assert.Contains(holder.Str("id"), error.Str("msg"), StringComparison.Ordinal);
        Assert.Equal(1, await api.CountAsync());
    }

    [Theory, BothBackends]
    public async Task SamePhoneTwiceInOneRequestFailsTheLaterOne(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        var response = await api.PostAsync("contacts", Bodies.Contacts(("a", "a", "8000001", "+44"), ("b", "b", "8000002", "+44"), ("c", "c", "+448000001", "+44")));

        var error = Assert.Single(await Bodies.ErrorsAsync(response, HttpStatusCode.Conflict));
        Assert.Equal("PHONE_IN_USE", error.Str("code"));
        Assert.Equal(2, error.GetProperty("index").GetInt32());
        Assert.Equal(0, await api.CountAsync());
    }

    [Theory, BothBackends]
    public async Task NamesMayRepeatAndSameNumberInAnotherStreamIsFine(string backend)
    {
        var factory = TestServers.For(backend);
        var a = await factory.NewTenantAsync();
        var b = await factory.NewTenantAsync();
        await a.CreateAsync("same", "name", "9000001");
        await a.CreateAsync("same", "name", "9000002");
        await b.CreateAsync("same", "name", "9000001");
        Assert.Equal(2, await a.CountAsync());
        Assert.Equal(1, await b.CountAsync());
    }

    [Theory, BothBackends]
    public async Task MoreThan1000ElementsOrNoneAreRejected(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        var tooMany = new JsonArray([.. Enumerable.Range(0, 1001).Select(i => (JsonNode)Bodies.Contact("n", "n", (1000000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture), "+1"))]);

        Assert.Equal("TOO_MANY_RECORDS", await Bodies.SingleErrorCodeAsync(await api.PostAsync("contacts", tooMany.ToJsonString()), HttpStatusCode.BadRequest));
        Assert.Equal("EMPTY_REQUEST", await Bodies.SingleErrorCodeAsync(await api.PostAsync("contacts", "[]"), HttpStatusCode.BadRequest));
        Assert.Equal("INVALID_BODY", await Bodies.SingleErrorCodeAsync(await api.PostAsync("contacts", "\"text\""), HttpStatusCode.BadRequest));
        Assert.Equal(0, await api.CountAsync());
    }

    [Theory, BothBackends]
    public async Task ThousandContactsInOneRequestAreCreated(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        var body = new JsonArray([.. Enumerable.Range(0, 1000).Select(i => (JsonNode)Bodies.Contact("n" + i, "m", (2000000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture), "+33"))]);

        var created = await Bodies.ReadAsync(await api.PostAsync("contacts", body.ToJsonString()), HttpStatusCode.Created);

        Assert.Equal(1000, created.GetArrayLength());
        Assert.Equal("n999", created[999].Str("firstName"));
        Assert.Equal(1000, await api.CountAsync());
    }
}
