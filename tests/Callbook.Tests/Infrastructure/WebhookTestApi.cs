using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Callbook.Tests.Infrastructure;

/// <summary>The webhook endpoints as the tests call them.</summary>
public static class WebhookTestApi
{
    /// <summary>Subscribes a URL; returns the subscription's id and its signing secret.</summary>
    public static async Task<(string Id, string Secret)> SubscribeAsync(this TenantClient api, string url, params string[] events)
    {
        var body = new JsonObject { ["url"] = url };
        if (events.Length > 0)
        {
            body["events"] = new JsonArray([.. events.Select(e => (JsonNode)e)]);
        }
        var created = await Bodies.ReadAsync(await api.PostAsync("webhooks", body.ToJsonString()), HttpStatusCode.Created);
        return (created.Str("id"), created.Str("secret"));
    }

    public static async Task<JsonElement[]> DeliveriesAsync(this TenantClient api, string webhookId, string query = "")
    {
        var page = await Bodies.ReadAsync(await api.GetAsync($"webhooks/{webhookId}/deliveries{query}"), HttpStatusCode.OK);
        return [.. page.GetProperty("results").EnumerateArray()];
    }

    /// <summary>Polls the deliveries until <paramref name="done"/> holds for them.</summary>
    public static async Task<JsonElement[]> WaitForDeliveriesAsync(this TenantClient api, string webhookId, Func<JsonElement[], bool> done, int seconds = 30)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var deliveries = await api.DeliveriesAsync(webhookId, "?limit=100");
            if (done(deliveries))
            {
                return deliveries;
            }
            Assert.True(DateTimeOffset.UtcNow < deadline, "timed out waiting for deliveries: " + JsonSerializer.Serialize(deliveries));
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Each contact's events arrived in version order (a repeated event, at-least-once, may come again later).</summary>
    public static void AssertInOrderPerContact(IEnumerable<ReceivedEvent> events)
    {
        foreach (var contact in events.GroupBy(e => e.ContactId))
        {
            var firstArrivals = contact.Select(e => e.Version).Distinct().ToList();
            Assert.Equal(firstArrivals.Order(), firstArrivals);
        }
    }
}
