using System.Net;
using System.Text.Json;

namespace Callbook.Tests.Contacts;

/// <summary>
/// Versions and times agree under concurrency: a change's time is taken once it holds its row, so in
/// version order <c>updatedAt</c>, the history entries' times and the webhook events' <c>occurredAt</c>
/// never decrease, whichever write path made the change.
/// </summary>
public sealed class ChangeTimeTests
{
    [Theory, BothBackends]
    public async Task FortyConcurrentUpdatesOfOneContactNeverGoBackInTime(string backend)
    {
        var (api, receiver, id) = await StartAsync(backend, "940000001");
        await using var _ = receiver;
        // 8 clients × 5 PUTs, each with its own lastName, no If-Match.
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(async client =>
        {
            var mine = new List<(long Version, string UpdatedAt)>();
            for (var n = 0; n < 5; n++)
            {
                var response = await api.PutAsync("contacts/" + id, Bodies.Contact("Tempus", $"client{client}-{n}", "940000001").ToJsonString());
                var contact = await Bodies.ReadAsync(response, HttpStatusCode.OK);
                mine.Add((long.Parse(response.Headers.ETag!.Tag.Trim('"')[1..], System.Globalization.CultureInfo.InvariantCulture), contact.Str("updatedAt")));
            }
            return mine;
        }));
        var updates = answers.SelectMany(a => a).OrderBy(a => a.Version).ToList();
        Assert.Equal(Enumerable.Range(2, 40).Select(v => (long)v), updates.Select(u => u.Version));
        AssertNeverDecreasing(updates.Select(u => u.UpdatedAt), "updatedAt of the PUT answers in version order");

        await AssertHistoryAndEventsAgreeAsync(api, receiver, id, 41);
    }

    [Theory, BothBackends]
    public async Task EveryWritePathKeepsTimesInVersionOrder(string backend)
    {
        var (api, receiver, id) = await StartAsync(backend, "940000002");
        await using var _ = receiver;
        // Update, bulk update, delete, restore, bulk delete and restore again, 6 clients at once; some
        // meet the contact in the wrong status (404 or a no-op), which is fine: every change is counted.
        await Task.WhenAll(Enumerable.Range(0, 6).Select(async client =>
        {
            for (var n = 0; n < 3; n++)
            {
                await api.PutAsync("contacts/" + id, Bodies.Contact("Tempus", $"put{client}-{n}", "940000002").ToJsonString());
                var record = Bodies.Contact("Tempus", $"bulk{client}-{n}", "940000002");
                record["id"] = id;
                await api.PutAsync("contacts/bulk-update", $"[{record.ToJsonString()}]");
                await api.DeleteAsync("contacts/" + id);
                await api.PostAsync($"contacts/{id}/restore", "");
                await api.DeleteAsync("contacts/bulk-delete", $$"""{"ids":["{{id}}"]}""");
                await api.PostAsync($"contacts/{id}/restore", "");
            }
        }));
        var contact = await Bodies.ReadAsync(await api.GetAsync("contacts/" + id), HttpStatusCode.OK);
        var versions = int.Parse((await api.GetAsync("contacts/" + id)).Headers.ETag!.Tag.Trim('"')[1..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(versions > 20, $"only {versions} versions: the clients did not interleave");
        Assert.Equal("ACTIVE", contact.Str("status"));
        await AssertHistoryAndEventsAgreeAsync(api, receiver, id, versions);
    }

    private static async Task<(TenantClient Api, WebhookReceiver Receiver, string Id)> StartAsync(string backend, string phone)
    {
        var api = await TestServers.TenantAsync(backend);
        var receiver = await WebhookReceiver.StartAsync();
        await api.SubscribeAsync(receiver.Url);
        var contact = await api.CreateAsync("Tempus", "Fugit", phone);
        return (api, receiver, contact.Str("id"));
    }

    /// <summary>History in version order (creation first) never goes back in time, and event n's occurredAt is history entry n's time.</summary>
    private static async Task AssertHistoryAndEventsAgreeAsync(TenantClient api, WebhookReceiver receiver, string id, int versions)
    {
        var history = await Bodies.ReadAsync(await api.GetAsync($"contacts/{id}/history"), HttpStatusCode.OK);
        var times = history.GetProperty("history").EnumerateArray().Select(e => e.Str("at")).ToList();
        Assert.Equal(versions, times.Count);
        AssertNeverDecreasing(times, "history entry times");

        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        while (receiver.Delivered.Where(e => e.ContactId == id).Select(e => e.Version).Distinct().Count() < versions)
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"only {receiver.Delivered.Count} of {versions} events arrived");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
        var events = receiver.Delivered.Where(e => e.ContactId == id).GroupBy(e => e.Version).Select(g => g.First()).OrderBy(e => e.Version).ToList();
        var occurred = events.Select(e => e.Json.Str("occurredAt")).ToList();
        AssertNeverDecreasing(occurred, "webhook occurredAt");
        Assert.Equal(times, occurred);
    }

    private static void AssertNeverDecreasing(IEnumerable<string> isoTimes, string what)
    {
        var list = isoTimes.ToList();
        for (var i = 1; i < list.Count; i++)
        {
            // ISO 8601 UTC with milliseconds: text order is time order.
            Assert.True(string.CompareOrdinal(list[i - 1], list[i]) <= 0, $"{what}: entry {i} ({list[i]}) is earlier than entry {i - 1} ({list[i - 1]}): {JsonSerializer.Serialize(list)}");
        }
    }
}
