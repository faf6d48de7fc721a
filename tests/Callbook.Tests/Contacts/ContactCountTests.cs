using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Callbook.Tests.Contacts;

/// <summary>
/// A list's exact total (<c>totalResults</c>) comes from per-stream counters kept in the transaction of
/// every change: after each kind of change, and after refused and rolled-back ones, the counters equal
/// a real COUNT(*) of the stream's rows, and every list by status answers them.
/// </summary>
public sealed class ContactCountTests
{
    private const string Header = "firstName,lastName,salutation,cellPhoneNumber,cellPhoneCountryCode,cellPhoneExtension,status\n";

    [Theory, BothBackends]
    public async Task CreatesAreCountedAndARefusedBatchCountsNothing(string backend)
    {
        var (factory, api) = await TenantAsync(backend);
        Assert.Equal((0, 0), await CounterCheck.AssertExactAsync(factory, api));

        await api.CreateAsync("a", "a", "6100001");
        Assert.Equal((1, 0), await CounterCheck.AssertExactAsync(factory, api));
        await Bodies.ReadAsync(await api.PostAsync("contacts", Bodies.Contacts(("b", "b", "6100002", "+91"), ("c", "c", "6100003", "+91"))), HttpStatusCode.Created);
        Assert.Equal((3, 0), await CounterCheck.AssertExactAsync(factory, api));

        // One number already held: the whole batch is refused and rolled back.
        var refused = await api.PostAsync("contacts", Bodies.Contacts(("d", "d", "6100004", "+91"), ("e", "e", "6100001", "+91")));
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal((3, 0), await CounterCheck.AssertExactAsync(factory, api));
    }

    [Theory, BothBackends]
    public async Task ImportsCountTheRowsTheyKeepInTheirStatus(string backend)
    {
        var (factory, api) = await TenantAsync(backend);

        var csv = Header + "a,a,mr,6200001,+1,+,ACTIVE\nb,b,mr,6200002,+1,+,INACTIVE\nc,c,mr,6200003,+1,+,\n";
        await Bodies.ReadAsync(await api.ImportAsync(csv), HttpStatusCode.Created);
        Assert.Equal((2, 1), await CounterCheck.AssertExactAsync(factory, api));

        // Atomic: a bad row or a number in use rolls the whole file back.
        foreach (var bad in new[] { "d,d,mr,6200004,+1,+,\ne,e,mr,bad,+1,+,\n", "f,f,mr,6200005,+1,+,\ng,g,mr,6200001,+1,+,\n" })
        {
            Assert.False((await api.ImportAsync(Header + bad)).IsSuccessStatusCode);
            Assert.Equal((2, 1), await CounterCheck.AssertExactAsync(factory, api));
        }

        // Partial: the good rows are kept and counted, an inactive row may repeat an active number.
        var partial = Header + "h,h,mr,6200006,+1,+,\ni,i,mr,bad,+1,+,\nj,j,mr,6200001,+1,+,\nk,k,mr,6200001,+1,+,INACTIVE\nl,l,mr,6200007,+1,+,INACTIVE\n";
        var summary = await Bodies.ReadAsync(await api.ImportAsync(partial, "?partial=true"), HttpStatusCode.Created);
        Assert.Equal(3, summary.GetProperty("imported").GetInt32());
        Assert.Equal((3, 3), await CounterCheck.AssertExactAsync(factory, api));
    }

    [Theory, BothBackends]
    public async Task UpdatesKeepTheCountsWhileDeletesAndRestoresMoveThem(string backend)
    {
        var (factory, api) = await TenantAsync(backend);
        var ids = await CreateAsync(api, 6, 6300000);

        await Bodies.ReadAsync(await api.PutAsync("contacts/" + ids[0], Bodies.Contact("a2", "a", "6300100").ToJsonString()), HttpStatusCode.OK);
        await Bodies.ReadAsync(await api.PutAsync("contacts/bulk-update", new JsonArray(Record(ids[1], "6300101"), Record(ids[2], "6300100"), Record("0123456789abcdef01234567", "6300102")).ToJsonString()), HttpStatusCode.OK);
        Assert.Equal((6, 0), await CounterCheck.AssertExactAsync(factory, api));

        await Bodies.ReadAsync(await api.DeleteAsync("contacts/" + ids[0]), HttpStatusCode.OK);
        Assert.Equal((5, 1), await CounterCheck.AssertExactAsync(factory, api));
        await Bodies.ReadAsync(await api.DeleteAsync("contacts/" + ids[0]), HttpStatusCode.OK); // already inactive: nothing moves
        var bulk = new JsonObject { ["ids"] = new JsonArray(ids[1], ids[2], ids[1], ids[0], "0123456789abcdef01234567") };
        await Bodies.ReadAsync(await api.DeleteAsync("contacts/bulk-delete", bulk.ToJsonString()), HttpStatusCode.OK);
        Assert.Equal((3, 3), await CounterCheck.AssertExactAsync(factory, api));

        await Bodies.ReadAsync(await api.SendAsync(HttpMethod.Post, $"contacts/{ids[0]}/restore"), HttpStatusCode.OK);
        await Bodies.ReadAsync(await api.SendAsync(HttpMethod.Post, $"contacts/{ids[0]}/restore"), HttpStatusCode.OK); // already active
        Assert.Equal((4, 2), await CounterCheck.AssertExactAsync(factory, api));
        // ids[1]'s number was taken by a new contact meanwhile: the restore is refused and moves nothing.
        await api.CreateAsync("n", "n", "6300101");
        Assert.Equal(HttpStatusCode.Conflict, (await api.SendAsync(HttpMethod.Post, $"contacts/{ids[1]}/restore")).StatusCode);
        Assert.Equal((5, 2), await CounterCheck.AssertExactAsync(factory, api));
    }

    [Theory, BothBackends]
    public async Task AnErasedContactLeavesItsStatusAndHistoryRetentionMovesNothing(string backend)
    {
        var (factory, api) = await TenantAsync(backend);
        var ids = await CreateAsync(api, 3, 6400000);
        await Bodies.ReadAsync(await api.DeleteAsync("contacts/" + ids[1]), HttpStatusCode.OK);

        await Bodies.ReadAsync(await api.PostAsync($"contacts/{ids[0]}/erase", ""), HttpStatusCode.OK);
        await Bodies.ReadAsync(await api.PostAsync($"contacts/{ids[1]}/erase", ""), HttpStatusCode.OK);
        await Bodies.ReadAsync(await api.PostAsync($"contacts/{ids[1]}/erase", ""), HttpStatusCode.OK); // the tombstone again
        Assert.Equal((1, 0), await CounterCheck.AssertExactAsync(factory, api));

        Assert.True(await factory.Database.ContactOperations.PurgeHistoryAsync(DateTimeOffset.UtcNow.AddMinutes(1), 1000, TestContext.Current.CancellationToken) >= 0);
        Assert.Equal((1, 0), await CounterCheck.AssertExactAsync(factory, api));
    }

    [Theory, BothBackends]
    public async Task ConcurrentWritersOfOneStreamKeepTheCountsExact(string backend)
    {
        var (factory, api) = await TenantAsync(backend);
        var ids = await CreateAsync(api, 40, 6500000);
        var work = new List<Task<HttpResponseMessage>>();
        for (var i = 0; i < 20; i++)
        {
            var n = 6510000 + (i * 10);
            work.Add(api.PostAsync("contacts", Bodies.Contacts(("p" + i, "x", Phone(n), "+91"), ("q" + i, "x", Phone(n + 1), "+91"))));
            // Racing for one number: exactly one of these creates wins each round.
            work.Add(api.PostAsync("contacts", Bodies.Contacts(("r" + i, "x", Phone(6590000 + (i % 4)), "+91"))));
            work.Add(api.DeleteAsync("contacts/" + ids[i]));
            work.Add(api.DeleteAsync("contacts/bulk-delete", new JsonObject { ["ids"] = new JsonArray(ids[20 + (i % 10)], ids[30 + (i % 10)]) }.ToJsonString()));
            work.Add(api.SendAsync(HttpMethod.Post, $"contacts/{ids[(i + 5) % 20]}/restore"));
            work.Add(api.PutAsync("contacts/" + ids[30 + (i % 10)], Bodies.Contact("u" + i, "x", Phone(6520000 + i)).ToJsonString()));
            work.Add(api.ImportAsync(Header + $"s{i},x,mr,{Phone(n + 2)},+91,+,\nt{i},x,mr,{Phone(n + 3)},+91,+,INACTIVE\n", "?partial=true"));
            if (i % 5 == 0)
            {
                work.Add(api.PostAsync($"contacts/{ids[20 + i]}/erase", ""));
            }
        }

        var responses = await Task.WhenAll(work);

        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.Created or HttpStatusCode.Conflict
            or HttpStatusCode.NotFound or HttpStatusCode.Gone, r.StatusCode.ToString()));
        var rows = await CounterCheck.AssertExactAsync(factory, api);
        // 40 first, 4 erased, 40 by pairs, one winner per raced number (4), 40 imported.
        Assert.Equal(120, rows.Active + rows.Inactive);
    }

    private static async Task<(CallbookFactory Factory, TenantClient Api)> TenantAsync(string backend)
    {
        var factory = TestServers.For(backend);
        return (factory, await factory.NewTenantAsync());
    }

    private static string Phone(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static async Task<List<string>> CreateAsync(TenantClient api, int count, int firstNumber)
    {
        var body = new StringBuilder("[");
        for (var i = 0; i < count; i++)
        {
            body.Append(i == 0 ? "" : ",").Append(Bodies.Contact("c" + i, "x", Phone(firstNumber + i)).ToJsonString());
        }
        var created = await Bodies.ReadAsync(await api.PostAsync("contacts", body.Append(']').ToString()), HttpStatusCode.Created);
        return [.. created.EnumerateArray().Select(c => c.Str("id"))];
    }

    private static JsonObject Record(string id, string phone)
    {
        var record = Bodies.Contact("b" + phone, "new", phone);
        record["id"] = id;
        return record;
    }
}
