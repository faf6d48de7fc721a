using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Callbook.Tests.Contacts;

public sealed class ETagTests
{
    [Theory, BothBackends]
    public async Task StaleIfMatchIs412AndChangesNothing(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        var contact = await api.CreateAsync("e", "tag", "6100001");
        var id = contact.Str("id");
        var get = await api.GetAsync("contacts/" + id);
        var etag = get.Headers.ETag!.ToString();
        Assert.Equal("\"v1\"", etag);

        var updated = await api.SendAsync(HttpMethod.Put, "contacts/" + id, Bodies.Contact("e2", "tag", "6100001").ToJsonString(), r => r.Headers.Add("If-Match", etag));
        await Bodies.ReadAsync(updated, HttpStatusCode.OK);
        Assert.Equal("\"v2\"", updated.Headers.ETag!.ToString());

        var stale = await api.SendAsync(HttpMethod.Put, "contacts/" + id, Bodies.Contact("e3", "tag", "6100001").ToJsonString(), r => r.Headers.Add("If-Match", etag));
        var error = Assert.Single(await Bodies.ErrorsAsync(stale, HttpStatusCode.PreconditionFailed));
        Assert.Equal("PRECONDITION_FAILED", error.Str("code"));
        Assert.Equal("\"v2\"", stale.Headers.ETag!.ToString());
        var staleDelete = await api.SendAsync(HttpMethod.Delete, "contacts/" + id, configure: r => r.Headers.Add("If-Match", etag));
        Assert.Equal("PRECONDITION_FAILED", await Bodies.SingleErrorCodeAsync(staleDelete, HttpStatusCode.PreconditionFailed));
        var garbage = await api.SendAsync(HttpMethod.Delete, "contacts/" + id, configure: r => r.Headers.Add("If-Match", "\"nonsense\""));
        Assert.Equal("PRECONDITION_FAILED", await Bodies.SingleErrorCodeAsync(garbage, HttpStatusCode.PreconditionFailed));

        var now = await Bodies.ReadAsync(await api.GetAsync("contacts/" + id), HttpStatusCode.OK);
        Assert.Equal("e2", now.Str("firstName"));
        Assert.Equal("ACTIVE", now.Str("status"));

        var any = await api.SendAsync(HttpMethod.Delete, "contacts/" + id, configure: r => r.Headers.Add("If-Match", "*"));
        Assert.Equal("INACTIVE", (await Bodies.ReadAsync(any, HttpStatusCode.OK)).Str("status"));
        Assert.Equal("\"v3\"", any.Headers.ETag!.ToString());
    }

    [Theory, BothBackends]
    public async Task TwoUpdatesWithOneETagOneWinsOneGets412(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        var id = (await api.CreateAsync("race", "r", "6200001")).Str("id");
        for (var round = 0; round < 5; round++)
        {
            var etag = (await api.GetAsync("contacts/" + id)).Headers.ETag!.ToString();
            var racers = await Task.WhenAll(Enumerable.Range(0, 2).Select(i =>
                api.SendAsync(HttpMethod.Put, "contacts/" + id, Bodies.Contact("r" + round + "-" + i, "r", "6200001").ToJsonString(), r => r.Headers.Add("If-Match", etag))));
            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.PreconditionFailed], racers.Select(r => r.StatusCode).Order());
        }
        var history = await Bodies.ReadAsync(await api.GetAsync($"contacts/{id}/history"), HttpStatusCode.OK);
        Assert.Equal(6, history.GetProperty("history").GetArrayLength());
    }

    [Theory, BothBackends]
    public async Task BulkUpdateRecordsCarryAVersionOrETag(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        var a = await api.CreateAsync("a", "a", "6300001");
        var b = await api.CreateAsync("b", "b", "6300002");
        var c = await api.CreateAsync("c", "c", "6300003");
        JsonObject Record(JsonElement contact, string first, string key, JsonNode value)
        {
            var record = Bodies.Contact(first, "n", contact.GetProperty("cellPhone").Str("phoneNumber"), "+91");
            record["id"] = contact.Str("id");
            record[key] = value;
            return record;
        }
        var body = new JsonArray(Record(a, "a2", "version", 1), Record(b, "b2", "version", 7), Record(c, "c2", "etag", "\"v1\""));

        var summary = await Bodies.ReadAsync(await api.PutAsync("contacts/bulk-update", body.ToJsonString()), HttpStatusCode.OK);

        Assert.Equal([a.Str("id"), c.Str("id")], summary.GetProperty("successfulRecords").EnumerateArray().Select(r => r.Str("id")));
        var failed = Assert.Single(summary.GetProperty("failedRecords").EnumerateArray());
        Assert.Equal(b.Str("id"), failed.Str("id"));
        Assert.Equal("PRECONDITION_FAILED", failed.GetProperty("errors")[0].Str("code"));
        Assert.Equal("b", (await Bodies.ReadAsync(await api.GetAsync("contacts/" + b.Str("id")), HttpStatusCode.OK)).Str("firstName"));
    }

    [Theory, BothBackends]
    public async Task ABulkUpdateRecordWithAVersionOrETagOfTheWrongKindFailsAsAnInvalidFieldAndChangesNothing(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        (string Key, JsonNode? Value)[] wrong =
        [
            ("version", "abc"), ("version", true), ("version", 1.5), ("version", 0), ("version", -1), ("version", new JsonObject()),
            ("version", new JsonArray()), ("version", "3"), ("etag", 5), ("etag", "abc"), ("etag", new JsonArray()), ("etag", "W/\"v1\""),
        ];
        var contacts = new List<JsonElement>();
        var body = new JsonArray();
        for (var i = 0; i < wrong.Length; i++)
        {
            var contact = await api.CreateAsync("w" + i, "n", (6310000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture));
            contacts.Add(contact);
            var record = Bodies.Contact("changed", "n", contact.GetProperty("cellPhone").Str("phoneNumber"), "+91");
            record["id"] = contact.Str("id");
            record[wrong[i].Key] = wrong[i].Value?.DeepClone();
            body.Add(record);
        }

        var summary = await Bodies.ReadAsync(await api.PutAsync("contacts/bulk-update", body.ToJsonString()), HttpStatusCode.OK);

        Assert.Equal(0, summary.GetProperty("successful").GetInt32());
        var failed = summary.GetProperty("failedRecords").EnumerateArray().ToList();
        Assert.Equal(wrong.Length, failed.Count);
        for (var i = 0; i < wrong.Length; i++)
        {
            var error = Assert.Single(failed[i].GetProperty("errors").EnumerateArray());
            Assert.Equal(("INVALID_FIELD", wrong[i].Key), (error.Str("code"), error.Str("field")));
            Assert.Equal("w" + i, (await Bodies.ReadAsync(await api.GetAsync("contacts/" + contacts[i].Str("id")), HttpStatusCode.OK)).Str("firstName"));
        }
    }
}
