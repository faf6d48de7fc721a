using System.Globalization;
using System.Net;

namespace Callbook.Tests.Webhooks;

/// <summary>
/// The suite's own webhook receiver. The shared servers (<see cref="TestServers"/>) live for the whole
/// run and retry an undelivered event for 24 hours, so a stopped receiver's port keeps being called;
/// a later receiver that happens to get that port must not count those events as its own.
/// </summary>
public sealed class WebhookReceiverTests
{
    [Theory, BothBackends]
    public async Task AReceiverOnTheReusedPortOfAnEarlierOneCountsNoneOfItsEvents(string backend)
    {
        var earlier = await TestServers.TenantAsync(backend);
        var gone = WebhookReceiver.Down();
        var (goneId, _) = await earlier.SubscribeAsync(gone.Url);
        for (var i = 0; i < 3; i++)
        {
            await earlier.CreateAsync("stale", "n" + i, (7450000 + i).ToString(CultureInfo.InvariantCulture));
        }
        await earlier.WaitForDeliveriesAsync(goneId, d => d.Length == 3 && d.All(x => x.GetProperty("attempts").GetInt32() > 0));

        // The port a free-port pick could hand a later test, as it did in a CI run (10,020 events for 10,000 contacts).
        var later = await TestServers.TenantAsync(backend);
        await using var receiver = await WebhookReceiver.StartAsync(port: gone.Port);
        await later.SubscribeAsync(receiver.Url);
        var mine = (await later.CreateAsync("own", "event", "7450100")).Str("id");

        // The earlier subscription's retries now reach the port: each is answered (404), none delivered.
        var retried = await earlier.WaitForDeliveriesAsync(goneId, d => d.All(x => x.Str("status") != "pending" || x.TryGetProperty("lastStatusCode", out _)));
        await receiver.WaitForAsync(1);
        Assert.Equal([$"ev-{mine}-1"], receiver.Delivered.Select(e => e.EventId));
        Assert.All(retried, x => Assert.Equal(("pending", 404), (x.Str("status"), x.GetProperty("lastStatusCode").GetInt32())));
        // The shared server stops retrying to the port.
        Assert.Equal(HttpStatusCode.NoContent, (await earlier.DeleteAsync("webhooks/" + goneId)).StatusCode);
    }
}
