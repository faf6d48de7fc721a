using System.Net;
using System.Text.Json.Nodes;

namespace Callbook.Tests.Contacts;

public sealed class BulkDeleteTests
{
    [Theory, BothBackends]
    public async Task DeletesGoodIdsAndReportsTheRest(string backend)
    {
        var factory = TestServers.For(backend);
        var api = await factory.NewTenantAsync();
        var other = await factory.NewTenantAsync();
        var ids = await ListContactsTests.CreateManyAsync(api, 3);
        var foreign = await other.CreateAsync("f", "f", "5100001");
        var body = new JsonObject
        {
            ["ids"] = new JsonArray(ids[0], ids[1], "0123456789abcdef01234567", "bad", ids[0], foreign.Str("id"), 42),
        };

        var summary = await Bodies.ReadAsync(await api.DeleteAsync("contacts/bulk-delete", body.ToJsonString()), HttpStatusCode.OK);

        Assert.Equal(["totalRequested", "successful", "failed", "successfulRecords", "failedRecords"], Bodies.Keys(summary));
        Assert.Equal(7, summary.GetProperty("totalRequested").GetInt32());
        Assert.Equal(2, summary.GetProperty("successful").GetInt32());
        Assert.Equal(5, summary.GetProperty("failed").GetInt32());
        Assert.Equal($$"""[{"id":"{{ids[0]}}"},{"id":"{{ids[1]}}"}]""", summary.GetProperty("successfulRecords").GetRawText());
        var failed = summary.GetProperty("failedRecords").EnumerateArray().ToArray();
        Assert.Equal(["NOT_FOUND", "INVALID_ID", "DUPLICATE_ID", "NOT_FOUND", "INVALID_ID"], failed.Select(f => f.GetProperty("errors")[0].Str("code")));
        Assert.Equal([2, 3, 4, 5, 6], failed.Select(f => f.GetProperty("errors")[0].GetProperty("index").GetInt32()));

        Assert.Equal(1, await api.CountAsync("ACTIVE"));
        Assert.Equal(2, await api.CountAsync("INACTIVE"));
        Assert.Equal(1, await other.CountAsync("ACTIVE"));

        // Deleting again succeeds and changes nothing.
        var again = await Bodies.ReadAsync(await api.DeleteAsync("contacts/bulk-delete", new JsonObject { ["ids"] = new JsonArray(ids[0]) }.ToJsonString()), HttpStatusCode.OK);
        Assert.Equal(1, again.GetProperty("successful").GetInt32());
    }

    [Theory, BothBackends]
    public async Task WrongShapesAndSizesAre400(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        var id = (await api.CreateAsync("a", "b", "5200001")).Str("id");
        foreach (var body in new[] { $"[\"{id}\"]", "{\"ids\":\"x\"}", "{\"id\":\"x\"}", "{}", "{\"ids\":[],\"id\":[]}" })
        {
            Assert.Equal("INVALID_BODY", await Bodies.SingleErrorCodeAsync(await api.DeleteAsync("contacts/bulk-delete", body), HttpStatusCode.BadRequest));
        }
        // "id" is the name the vendor's parameter table gives the array: an empty one is empty, like "ids".
        Assert.Equal("EMPTY_REQUEST", await Bodies.SingleErrorCodeAsync(await api.DeleteAsync("contacts/bulk-delete", "{\"ids\":[]}"), HttpStatusCode.BadRequest));
        Assert.Equal("EMPTY_REQUEST", await Bodies.SingleErrorCodeAsync(await api.DeleteAsync("contacts/bulk-delete", "{\"id\":[]}"), HttpStatusCode.BadRequest));
        var tooMany = new JsonObject { ["ids"] = new JsonArray([.. Enumerable.Range(0, 1001).Select(_ => (JsonNode)id)]) };
        Assert.Equal("TOO_MANY_RECORDS", await Bodies.SingleErrorCodeAsync(await api.DeleteAsync("contacts/bulk-delete", tooMany.ToJsonString()), HttpStatusCode.BadRequest));
        Assert.Equal(1, await api.CountAsync("ACTIVE"));
    }
}
