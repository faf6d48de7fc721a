using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Callbook.Tests.Webhooks;

public sealed class WebhookDeliveryTests
{
    private static readonly string[] PayloadKeys = ["id", "type", "occurredAt", "streamId", "contact", "changes"];

    [Theory, BothBackends]
    public async Task EveryChangeTypeArrivesSignedWithTheContactAsItWasThen(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        await using var receiver = await WebhookReceiver.StartAsync();
        var (webhookId, secret) = await api.SubscribeAsync(receiver.Url);

        var a = (await api.CreateAsync("ann", "lee", "7100001")).Str("id");
        var b = (await api.CreateAsync("bob", "lee", "7100002")).Str("id");
        await Bodies.ReadAsync(await api.PutAsync("contacts/" + a, Bodies.Contact("ann2", "lee", "7100001").ToJsonString()), HttpStatusCode.OK);
        await Bodies.ReadAsync(await api.PutAsync("contacts/bulk-update", new JsonArray(Record(a, "anne", "7100001"), Record(b, "bobby", "7100002")).ToJsonString()), HttpStatusCode.OK);
        await Bodies.ReadAsync(await api.DeleteAsync("contacts/" + a), HttpStatusCode.OK);
        await Bodies.ReadAsync(await api.SendAsync(HttpMethod.Post, $"contacts/{a}/restore"), HttpStatusCode.OK);
        await Bodies.ReadAsync(await api.DeleteAsync("contacts/bulk-delete", $$"""{"ids":["{{a}}","{{b}}"]}"""), HttpStatusCode.OK);
        var imported = await Bodies.ReadAsync(await api.ImportAsync(
            "firstName,lastName,salutation,cellPhoneNumber,cellPhoneCountryCode,cellPhoneExtension\ncid,roe,ms,7100003,+91,+\ndee,roe,ms,7100004,+91,+\n"), HttpStatusCode.Created);

        var events = await receiver.WaitForAsync(11);
        Assert.Equal(11, events.Count);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        foreach (var e in events)
        {
            Assert.True(e.IsSignedWith(secret), "bad signature on " + e.EventId);
            Assert.InRange(long.Parse(e.Timestamp, CultureInfo.InvariantCulture), now - 120, now + 5);
            var json = e.Json;
            Assert.Equal(PayloadKeys, Bodies.Keys(json));
            Assert.Equal(e.EventId, json.Str("id"));
            Assert.Equal(e.Type, json.Str("type"));
            Assert.Equal(api.StreamId, json.Str("streamId"));
            Assert.Equal(e.Version == 1 ? Bodies.ContactKeys : Bodies.UpdatedContactKeys, Bodies.Keys(json.GetProperty("contact")));
        }
        var byId = events.ToDictionary(e => (e.ContactId, e.Version));
        Assert.Equal(
            [
                ($"{a}/1", "contact.created"), ($"{a}/2", "contact.updated"), ($"{a}/3", "contact.updated"), ($"{a}/4", "contact.deleted"),
                ($"{a}/5", "contact.restored"), ($"{a}/6", "contact.deleted"), ($"{b}/1", "contact.created"), ($"{b}/2", "contact.updated"),
                ($"{b}/3", "contact.deleted"),
            ],
            byId.Where(p => p.Key.ContactId == a || p.Key.ContactId == b).OrderBy(p => p.Key.ContactId == a ? 0 : 1).ThenBy(p => p.Key.Version)
                .Select(p => ($"{p.Key.ContactId}/{p.Key.Version}", p.Value.Type)));
        Assert.Equal(imported.EnumerateArray().Select(c => c.Str("id")).Order(), events.Where(e => e.Type == "contact.created" && e.ContactId != a && e.ContactId != b).Select(e => e.ContactId).Order());

        // Each event carries the contact as it was right after its change, not as it is now.
        var created = byId[(a, 1)].Json;
        Assert.Equal("ann", created.GetProperty("contact").Str("firstName"));
        Assert.Equal("ACTIVE", created.GetProperty("contact").Str("status"));
        Assert.Equal(created.GetProperty("contact").Str("createdAt"), created.Str("occurredAt"));
        var createdChanges = created.GetProperty("changes").EnumerateArray().ToDictionary(c => c.Str("field"), c => c);
        Assert.Equal("ann", createdChanges["firstName"].Str("after"));
        Assert.Equal("+917100001", createdChanges["cellPhone.phoneNumber"].Str("after"));
        Assert.Equal("ACTIVE", createdChanges["status"].Str("after"));
        Assert.All(createdChanges.Values, c => Assert.Equal(System.Text.Json.JsonValueKind.Null, c.GetProperty("before").ValueKind));
        Assert.Equal("""[{"field":"firstName","before":"ann","after":"ann2"}]""", byId[(a, 2)].Json.GetProperty("changes").GetRawText());
        Assert.Equal("ann2", byId[(a, 2)].Json.GetProperty("contact").Str("firstName"));
        Assert.Equal("anne", byId[(a, 3)].Json.GetProperty("contact").Str("firstName"));
        Assert.Equal("INACTIVE", byId[(a, 4)].Json.GetProperty("contact").Str("status"));
        Assert.Equal("""[{"field":"status","before":"ACTIVE","after":"INACTIVE"}]""", byId[(a, 4)].Json.GetProperty("changes").GetRawText());
        Assert.Equal("ACTIVE", byId[(a, 5)].Json.GetProperty("contact").Str("status"));
        Assert.Equal("bob", byId[(b, 1)].Json.GetProperty("contact").Str("firstName"));
        Assert.Equal("bobby", byId[(b, 3)].Json.GetProperty("contact").Str("firstName"));
        WebhookTestApi.AssertInOrderPerContact(events);

        var deliveries = await api.WaitForDeliveriesAsync(webhookId, d => d.All(x => x.Str("status") == "delivered"));
        Assert.Equal(11, deliveries.Length);
        Assert.All(deliveries, d => Assert.Equal(1, d.GetProperty("attempts").GetInt32()));
        Assert.Equal(events.Select(e => e.EventId).Order(), deliveries.Select(d => d.Str("eventId")).Order());
    }

    [Theory, BothBackends]
    public async Task OnlyChosenEventsOfTheOwnStreamAreSentAndADeletedSubscriptionGetsNothingMore(string backend)
    {
        var factory = TestServers.For(backend);
        var api = await factory.NewTenantAsync();
        var other = await factory.NewTenantAsync();
        await using var deletes = await WebhookReceiver.StartAsync();
        await using var everything = await WebhookReceiver.StartAsync();
        await using var others = await WebhookReceiver.StartAsync();
        await api.SubscribeAsync(deletes.Url, "contact.deleted");
        var (everythingId, _) = await api.SubscribeAsync(everything.Url);
        await other.SubscribeAsync(others.Url);

        var first = (await api.CreateAsync("keep", "me", "7200001")).Str("id");
        var second = (await api.CreateAsync("drop", "me", "7200002")).Str("id");
        await Bodies.ReadAsync(await api.DeleteAsync("contacts/" + second), HttpStatusCode.OK);
        await everything.WaitForAsync(3);
        Assert.Equal(second, Assert.Single(await deletes.WaitForAsync(1)).ContactId);

        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync("webhooks/" + everythingId)).StatusCode);
        await Bodies.ReadAsync(await api.DeleteAsync("contacts/" + first), HttpStatusCode.OK);
        await deletes.WaitForAsync(2);
        await Task.Delay(500, TestContext.Current.CancellationToken);
        Assert.Equal(3, everything.Delivered.Count);
        Assert.Equal(0, others.Attempts);
    }

    [Theory, BothBackends]
    public async Task BulkWritesEmitOneEventPerContact(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        await using var receiver = await WebhookReceiver.StartAsync();
        var (webhookId, _) = await api.SubscribeAsync(receiver.Url);
        var csv = new StringBuilder("firstName,lastName,salutation,cellPhoneNumber,cellPhoneCountryCode,cellPhoneExtension\n");
        for (var i = 0; i < 500; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"bulk,n{i},mr,{7300000 + i},+91,+\n");
        }
        var contacts = (await Bodies.ReadAsync(await api.ImportAsync(csv.ToString()), HttpStatusCode.Created)).EnumerateArray().ToArray();
        var updates = new JsonArray([.. contacts.Take(100).Select(c => (JsonNode)Record(c.Str("id"), "changed", c.GetProperty("cellPhone").Str("phoneNumber")[3..]))]);
        Assert.Equal(100, (await Bodies.ReadAsync(await api.PutAsync("contacts/bulk-update", updates.ToJsonString()), HttpStatusCode.OK)).GetProperty("successful").GetInt32());
        var ids = new JsonArray([.. contacts.Skip(50).Take(100).Select(c => (JsonNode)c.Str("id"))]);
        Assert.Equal(100, (await Bodies.ReadAsync(await api.DeleteAsync("contacts/bulk-delete", new JsonObject { ["ids"] = ids }.ToJsonString()), HttpStatusCode.OK)).GetProperty("successful").GetInt32());

        var events = await receiver.WaitForAsync(700, seconds: 60);
        Assert.Equal(500, events.Count(e => e.Type == "contact.created"));
        Assert.Equal(100, events.Count(e => e.Type == "contact.updated"));
        Assert.Equal(100, events.Count(e => e.Type == "contact.deleted"));
        WebhookTestApi.AssertInOrderPerContact(events);
        Assert.Equal(50, events.Count(e => e.Type == "contact.deleted" && e.Version == 3));
        var page = await Bodies.ReadAsync(await api.GetAsync($"webhooks/{webhookId}/deliveries?limit=100&status=delivered"), HttpStatusCode.OK);
        Assert.True(page.GetProperty("hasMore").GetBoolean());
        Assert.Equal(100, page.GetProperty("results").GetArrayLength());
    }

    private static JsonObject Record(string id, string firstName, string phone)
    {
        var record = Bodies.Contact(firstName, "lee", phone);
        record["id"] = id;
        return record;
    }
}
