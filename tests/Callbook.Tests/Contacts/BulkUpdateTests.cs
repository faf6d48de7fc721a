using System.Net;
using System.Text.Json.Nodes;

namespace Callbook.Tests.Contacts;

public sealed class BulkUpdateTests
{
    [Theory, BothBackends]
    public async Task VendorSampleMadeValidGetsTheVendorSummary(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        var john = await api.CreateAsync("j", "d", "2445600011");
        var jane = await api.CreateAsync("j", "d", "24456700011");
        // The vendor's sample with real ids, real digits and its broken string closed.
        var body = ErrorResponseTests.VendorBrokenBulkUpdate
            .Replace("6964af60450340957c6xxxxx", john.Str("id"), StringComparison.Ordinal)
            .Replace("6964af806fc554153c0xxxxx", jane.Str("id"), StringComparison.Ordinal)
            .Replace("\"24456xxxxx\"", "\"2445612345\"", StringComparison.Ordinal)
            .Replace("\"244567xxxxx\"", "\"24456712345\"", StringComparison.Ordinal)
            .Replace("\"jane doe,", "\"jane doe\",", StringComparison.Ordinal);

        var summary = await Bodies.ReadAsync(await api.PutAsync("contacts/bulk-update", body), HttpStatusCode.OK);

        Assert.Equal(["totalRequested", "successful", "failed", "successfulRecords", "failedRecords"], Bodies.Keys(summary));
        Assert.Equal(2, summary.GetProperty("totalRequested").GetInt32());
        Assert.Equal(2, summary.GetProperty("successful").GetInt32());
        Assert.Equal(0, summary.GetProperty("failed").GetInt32());
        Assert.Equal(0, summary.GetProperty("failedRecords").GetArrayLength());
        var records = summary.GetProperty("successfulRecords").EnumerateArray().ToArray();
        Assert.Equal([john.Str("id"), jane.Str("id")], records.Select(r => r.Str("id")));
        Assert.Equal(["id", "contact"], Bodies.Keys(records[0]));
        var contact = records[1].GetProperty("contact");
        Assert.Equal(["_id", .. Bodies.UpdatedContactKeys], Bodies.Keys(contact));
        Assert.Equal(jane.Str("id"), contact.Str("_id"));
        Assert.Equal("jane doe", contact.Str("fullName"));
        Assert.Equal("mrs", contact.Str("salutation"));
        Assert.Equal("+9124456712345", contact.GetProperty("cellPhone").Str("phoneNumber"));
        Assert.Equal(api.Setup.ActorId, contact.Str("updatedByAId"));

        var stored = await Bodies.ReadAsync(await api.GetAsync("contacts/" + jane.Str("id")), HttpStatusCode.OK);
        Assert.Equal("+9124456712345", stored.GetProperty("cellPhone").Str("phoneNumber"));
        Assert.False(stored.TryGetProperty("_id", out _));
    }

    [Theory, BothBackends]
    public async Task EachRecordStandsAlone(string backend)
    {
        var factory = TestServers.For(backend);
        var api = await factory.NewTenantAsync();
        var other = await factory.NewTenantAsync();
        var a = await api.CreateAsync("a", "a", "4100001");
        var b = await api.CreateAsync("b", "b", "4100002");
        var c = await api.CreateAsync("c", "c", "4100003");
        var e = await api.CreateAsync("e", "e", "4100006");
        var deleted = await api.CreateAsync("d", "d", "4100004");
        await Bodies.ReadAsync(await api.DeleteAsync("contacts/" + deleted.Str("id")), HttpStatusCode.OK);
        var foreign = await other.CreateAsync("f", "f", "4100005");

        JsonObject Record(string id, string first, string phone)
        {
            var record = Bodies.Contact(first, "new", phone);
            record["id"] = id;
            return record;
        }
        var body = new JsonArray(
            Record(a.Str("id"), "a2", "4100011"),                 // 0 ok
            Record(b.Str("id"), "b2", "4100003"),                 // 1 number held by c
            Record("0123456789abcdef01234567", "x", "4100012"),   // 2 unknown
            Record("nothex", "x", "4100013"),                     // 3 malformed id
            Record(a.Str("id"), "a3", "4100014"),                 // 4 repeated id
            Record(e.Str("id"), "e2", "41x00015"),                // 5 invalid phone
            Record(deleted.Str("id"), "d2", "4100016"),           // 6 inactive
            Record(foreign.Str("id"), "f2", "4100017"),           // 7 other tenant's
            new JsonObject { ["firstName"] = "no id" },           // 8 no id
            Record(c.Str("id"), "c3", "4100018"));                // 9 ok

        var summary = await Bodies.ReadAsync(await api.PutAsync("contacts/bulk-update", body.ToJsonString()), HttpStatusCode.OK);

        Assert.Equal(10, summary.GetProperty("totalRequested").GetInt32());
        Assert.Equal(2, summary.GetProperty("successful").GetInt32());
        Assert.Equal(8, summary.GetProperty("failed").GetInt32());
        Assert.Equal([a.Str("id"), c.Str("id")], summary.GetProperty("successfulRecords").EnumerateArray().Select(r => r.Str("id")));
        var failed = summary.GetProperty("failedRecords").EnumerateArray().ToArray();
        Assert.Equal(
            ["PHONE_IN_USE", "NOT_FOUND", "INVALID_ID", "DUPLICATE_ID", "INVALID_FIELD", "NOT_FOUND", "NOT_FOUND", "INVALID_ID"],
            failed.Select(f => f.GetProperty("errors")[0].Str("code")));
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8], failed.Select(f => f.GetProperty("errors")[0].GetProperty("index").GetInt32()));
        Assert.Equal(b.Str("id"), failed[0].Str("id"));
        Assert.Equal(c.Str("id"), failed[0].GetProperty("errors")[0].Str("contactId"));
        Assert.False(failed[7].TryGetProperty("id", out _));

        async Task<string> FirstNameAsync(TenantClient client, string id) =>
            (await Bodies.ReadAsync(await client.GetAsync("contacts/" + id), HttpStatusCode.OK)).Str("firstName");
        Assert.Equal("a2", await FirstNameAsync(api, a.Str("id")));
        Assert.Equal("b", await FirstNameAsync(api, b.Str("id")));
        Assert.Equal("c3", await FirstNameAsync(api, c.Str("id")));
        Assert.Equal("d", await FirstNameAsync(api, deleted.Str("id")));
        Assert.Equal("f", await FirstNameAsync(other, foreign.Str("id")));
    }

    [Theory, BothBackends]
    public async Task SwappingNumbersInOneRequestLetsTheSecondRecordSeeTheFirst(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        var a = await api.CreateAsync("a", "a", "4200001");
        var b = await api.CreateAsync("b", "b", "4200002");
        var ra = Bodies.Contact("a", "a", "4200003");
        ra["id"] = a.Str("id");
        var rb = Bodies.Contact("b", "b", "4200001");
        rb["id"] = b.Str("id");

        var summary = await Bodies.ReadAsync(await api.PutAsync("contacts/bulk-update", new JsonArray(ra, rb).ToJsonString()), HttpStatusCode.OK);

        Assert.Equal(2, summary.GetProperty("successful").GetInt32());
        Assert.Equal("+914200001", (await Bodies.ReadAsync(await api.GetAsync("contacts/" + b.Str("id")), HttpStatusCode.OK)).GetProperty("cellPhone").Str("phoneNumber"));
    }

    [Theory, BothBackends]
    public async Task WrongShapesAndSizesAre400(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        Assert.Equal("INVALID_BODY", await Bodies.SingleErrorCodeAsync(await api.PutAsync("contacts/bulk-update", "{\"id\":\"x\"}"), HttpStatusCode.BadRequest));
        Assert.Equal("EMPTY_REQUEST", await Bodies.SingleErrorCodeAsync(await api.PutAsync("contacts/bulk-update", "[]"), HttpStatusCode.BadRequest));
        var tooMany = new JsonArray([.. Enumerable.Range(0, 1001).Select(_ => (JsonNode)new JsonObject { ["id"] = "0123456789abcdef01234567" })]);
        Assert.Equal("TOO_MANY_RECORDS", await Bodies.SingleErrorCodeAsync(await api.PutAsync("contacts/bulk-update", tooMany.ToJsonString()), HttpStatusCode.BadRequest));
    }
}
