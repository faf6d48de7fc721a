using System.Net;
using System.Text.Json.Nodes;

namespace Callbook.Tests.Contacts;

/// <summary>
/// A refused batch names every failing record: invalid ones, numbers held by another contact and numbers
/// repeated within the batch, at every entry point that takes several records (create, import, bulk update).
/// </summary>
public sealed class FailingIndexTests
{
    private const string Header = "firstName,lastName,salutation,cellPhoneNumber,cellPhoneCountryCode,cellPhoneExtension\n";

    [Theory, BothBackends]
    public async Task CreateListsInvalidTakenAndRepeatedRecordsTogether(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        var holder = (await api.CreateAsync("Held", "Number", "7600001")).Str("id");
        var body = new JsonArray(
            Bodies.Contact("Taken", "Number", "7600001"),
            Bodies.Contact("", "Invalid", "7600002"),
            Bodies.Contact("Fresh", "One", "7600003"),
            Bodies.Contact("Fresh", "Repeat", "7600003"),
            Bodies.Contact("Fine", "Record", "7600004")).ToJsonString();

        var errors = await Bodies.ErrorsAsync(await api.PostAsync("contacts", body), HttpStatusCode.BadRequest);
        Assert.Equal([(0, "PHONE_IN_USE"), (1, "INVALID_FIELD"), (3, "PHONE_IN_USE")], errors.Select(e => (e.GetProperty("index").GetInt32(), e.Str("code"))));
        Assert.Equal(holder, errors[0].Str("contactId"));
        Assert.Contains("index 2", errors[2].Str("msg"), StringComparison.Ordinal);
        Assert.Equal(1, await api.CountAsync());

        // Without an invalid record the same conflicts are the 409 they always were.
        body = new JsonArray(Bodies.Contact("Taken", "Number", "7600001"), Bodies.Contact("Fresh", "One", "7600003"), Bodies.Contact("Fresh", "Repeat", "7600003")).ToJsonString();
        errors = await Bodies.ErrorsAsync(await api.PostAsync("contacts", body), HttpStatusCode.Conflict);
        Assert.Equal([0, 2], errors.Select(e => e.GetProperty("index").GetInt32()));
        Assert.Equal(1, await api.CountAsync());
    }

    [Theory, BothBackends]
    public async Task ImportListsEveryFailingRow(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        await api.CreateAsync("Held", "Number", "7610001");
        var csv = Header + "Taken,Number,mr,7610001,+91,+\n,Invalid,mr,7610002,+91,+\nFresh,One,mr,7610003,+91,+\nFresh,Repeat,mr,7610003,+91,+\n";

        var errors = await Bodies.ErrorsAsync(await api.ImportAsync(csv), HttpStatusCode.BadRequest);
        Assert.Equal([(1, "PHONE_IN_USE"), (2, "INVALID_FIELD"), (4, "PHONE_IN_USE")], errors.Select(e => (e.GetProperty("row").GetInt32(), e.Str("code"))));
        Assert.Equal(1, await api.CountAsync());
    }

    [Theory, BothBackends]
    public async Task BulkUpdateListsEveryFailingRecord(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        await api.CreateAsync("Held", "Number", "7620001");
        var ids = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            ids.Add((await api.CreateAsync("Target", "N" + i, "762010" + i)).Str("id"));
        }
        var body = new JsonArray(
            Record(ids[0], "", "7620100"),
            Record(ids[1], "Taken", "7620001"),
            Record(ids[2], "Fresh", "7620009"),
            Record(ids[3], "Repeat", "7620009")).ToJsonString();

        var summary = await Bodies.ReadAsync(await api.PutAsync("contacts/bulk-update", body), HttpStatusCode.OK);
        Assert.Equal(1, summary.GetProperty("successful").GetInt32());
        var failed = summary.GetProperty("failedRecords").EnumerateArray().Select(f => (f.Str("id"), f.GetProperty("errors")[0].Str("code"))).ToArray();
        Assert.Equal([(ids[0], "INVALID_FIELD"), (ids[1], "PHONE_IN_USE"), (ids[3], "PHONE_IN_USE")], failed);
    }

    private static JsonObject Record(string id, string firstName, string phone)
    {
        var record = Bodies.Contact(firstName, "Bulk", phone);
        record["id"] = id;
        return record;
    }
}
