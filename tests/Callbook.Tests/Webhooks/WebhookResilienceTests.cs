using System.Diagnostics;
using System.Net;

namespace Callbook.Tests.Webhooks;

public sealed class WebhookResilienceTests
{
    [Theory, BothBackends]
    public async Task EventsWaitForADownReceiverAndArriveInOrderPerContactWhenItIsBack(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        await using var receiver = WebhookReceiver.Down();
        var (webhookId, secret) = await api.SubscribeAsync(receiver.Url);
        var ids = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            ids.Add((await api.CreateAsync("down", "n" + i, (7400000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture))).Str("id"));
        }
        for (var round = 1; round <= 2; round++)
        {
            for (var i = 0; i < ids.Count; i++)
            {
                var phone = (7400000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture);
                await Bodies.ReadAsync(await api.PutAsync("contacts/" + ids[i], Bodies.Contact("round" + round, "n" + i, phone).ToJsonString()), HttpStatusCode.OK);
            }
        }

        // Refused connections are retried: the deliveries say so.
        var failing = await api.WaitForDeliveriesAsync(webhookId, d => d.Count(x => x.GetProperty("attempts").GetInt32() >= 2) >= 2);
        Assert.Equal(12, failing.Length);
        var retried = failing.First(x => x.GetProperty("attempts").GetInt32() >= 2);
        Assert.Equal("pending", retried.Str("status"));
        Assert.Contains("ConnectionError", retried.Str("lastError"), StringComparison.Ordinal);
        Assert.True(retried.TryGetProperty("nextAttemptAt", out _));
        // Later changes of a contact wait for the first one: only version 1 was ever tried.
        Assert.All(failing.Where(x => x.GetProperty("attempts").GetInt32() > 0), x => Assert.Equal("contact.created", x.Str("type")));

        await receiver.StartAgainAsync();
        var events = await receiver.WaitForAsync(12);
        Assert.Equal(ids.SelectMany(id => new[] { 1L, 2, 3 }.Select(v => $"ev-{id}-{v}")).Order(), events.Select(e => e.EventId).Distinct().Order());
        Assert.All(events, e => Assert.True(e.IsSignedWith(secret)));
        WebhookTestApi.AssertInOrderPerContact(events);
        await api.WaitForDeliveriesAsync(webhookId, d => d.All(x => x.Str("status") == "delivered"));
    }

    [Theory, BothBackends]
    public async Task AHangingReceiverDelaysNeitherTheApiNorOtherSubscriptions(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        await using var hanging = await WebhookReceiver.StartAsync(ReceiverMode.Hang);
        await using var healthy = await WebhookReceiver.StartAsync();
        await api.CreateAsync("warm", "up", "7500999");
        var (hangingId, _) = await api.SubscribeAsync(hanging.Url);
        await api.SubscribeAsync(healthy.Url);

        var slowest = TimeSpan.Zero;
        for (var i = 0; i < 20; i++)
        {
            var watch = Stopwatch.StartNew();
            await api.CreateAsync("busy", "n" + i, (7500000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture));
            slowest = watch.Elapsed > slowest ? watch.Elapsed : slowest;
        }

        // The request timeout is 1 s: an API call that waited on the hanging receiver would take that long.
        Assert.True(slowest < TimeSpan.FromMilliseconds(900), $"slowest create took {slowest.TotalMilliseconds:0} ms");
        await healthy.WaitForAsync(20, seconds: 10);
        var timedOut = await api.WaitForDeliveriesAsync(hangingId, d => d.Any(x => x.TryGetProperty("lastError", out var e) && e.GetString()!.StartsWith("no answer within", StringComparison.Ordinal)));
        Assert.All(timedOut, x => Assert.Equal("pending", x.Str("status")));
        Assert.True(hanging.Attempts <= 20, $"{hanging.Attempts} attempts on a hanging receiver");
    }

    [Theory, BothBackends]
    public async Task FailedAttemptsAreVisibleAndAReplaySendsTheSameEventAgain(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        await using var receiver = await WebhookReceiver.StartAsync(ReceiverMode.Fail);
        var (webhookId, _) = await api.SubscribeAsync(receiver.Url);
        var contact = (await api.CreateAsync("replay", "me", "7600001")).Str("id");

        var failed = Assert.Single(await api.WaitForDeliveriesAsync(webhookId, d => d.Length == 1 && d[0].GetProperty("attempts").GetInt32() >= 2));
        Assert.Equal(["id", "eventId", "type", "contactId", "status", "attempts", "occurredAt", "nextAttemptAt", "lastError", "lastStatusCode"], Bodies.Keys(failed));
        Assert.Equal($"ev-{contact}-1", failed.Str("eventId"));
        Assert.Equal(contact, failed.Str("contactId"));
        Assert.Equal("HTTP 500", failed.Str("lastError"));
        Assert.Equal(500, failed.GetProperty("lastStatusCode").GetInt32());

        receiver.Mode = ReceiverMode.Ok;
        await receiver.WaitForAsync(1);
        var delivered = Assert.Single(await api.WaitForDeliveriesAsync(webhookId, d => d[0].Str("status") == "delivered"));
        Assert.True(delivered.TryGetProperty("completedAt", out _));
        Assert.False(delivered.TryGetProperty("nextAttemptAt", out _));

        var replayed = await Bodies.ReadAsync(await api.SendAsync(HttpMethod.Post, $"webhooks/{webhookId}/deliveries/{delivered.GetProperty("id").GetInt64()}/replay"), HttpStatusCode.Accepted);
        Assert.Equal("pending", replayed.Str("status"));
        var twice = await receiver.WaitAsync(events => events.Count(e => e.EventId == $"ev-{contact}-1") == 2);
        Assert.Equal(twice[0].Body, twice[1].Body);

        for (var i = 2; i <= 4; i++)
        {
            await api.CreateAsync("page", "n" + i, "760000" + i);
        }
        await receiver.WaitForAsync(4);
        var first = await Bodies.ReadAsync(await api.GetAsync($"webhooks/{webhookId}/deliveries?limit=3"), HttpStatusCode.OK);
        Assert.Equal(["results", "limit", "hasMore", "nextCursor"], Bodies.Keys(first));
        Assert.True(first.GetProperty("hasMore").GetBoolean());
        var second = await Bodies.ReadAsync(await api.GetAsync($"webhooks/{webhookId}/deliveries?limit=3&cursor={first.Str("nextCursor")}"), HttpStatusCode.OK);
        Assert.False(second.GetProperty("hasMore").GetBoolean());
        var all = first.GetProperty("results").EnumerateArray().Concat(second.GetProperty("results").EnumerateArray()).Select(d => d.GetProperty("id").GetInt64()).ToList();
        Assert.Equal(4, all.Count);
        Assert.Equal(all.OrderDescending(), all);
    }

    [Theory, BothBackends]
    public async Task AfterTheRetryWindowADeliveryIsAbandonedAndTheContactsNextEventFollows(string backend)
    {
        Backends.SkipIfUnavailable(backend);
        await using var factory = new CallbookFactory(backend, new Dictionary<string, string?> { ["Callbook:Webhooks:RetryFor"] = "00:00:01" });
        var api = await factory.NewTenantAsync();
        await using var receiver = await WebhookReceiver.StartAsync(ReceiverMode.Fail);
        var (webhookId, _) = await api.SubscribeAsync(receiver.Url);
        var contact = (await api.CreateAsync("give", "up", "7700001")).Str("id");
        await api.WaitForDeliveriesAsync(webhookId, d => d.Length == 1 && d[0].Str("status") == "failed");

        receiver.Mode = ReceiverMode.Ok;
        await Bodies.ReadAsync(await api.DeleteAsync("contacts/" + contact), HttpStatusCode.OK);
        var events = await receiver.WaitForAsync(1);
        Assert.Equal($"ev-{contact}-2", Assert.Single(events).EventId);
        var deliveries = await api.WaitForDeliveriesAsync(webhookId, d => d.Length == 2 && d[0].Str("status") == "delivered");
        Assert.Equal("failed", deliveries[1].Str("status"));
        Assert.True(deliveries[1].TryGetProperty("completedAt", out _));
    }
}
