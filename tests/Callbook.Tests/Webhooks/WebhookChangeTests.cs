using System.Net;

namespace Callbook.Tests.Webhooks;

/// <summary>PATCH /webhooks/{id} (url, events, active) and POST /webhooks/{id}/rotate-secret.</summary>
public sealed class WebhookChangeTests
{
    [Theory, BothBackends]
    public async Task PatchMovesTheUrlNarrowsTheEventsAndPausesAndResumes(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        await using var first = await WebhookReceiver.StartAsync();
        await using var second = await WebhookReceiver.StartAsync();
        var (id, _) = await api.SubscribeAsync(first.Url);
        var contact = (await api.CreateAsync("Patch", "One", "7400001")).Str("id");
        await first.WaitForAsync(1);

        var moved = await Bodies.ReadAsync(await api.SendAsync(HttpMethod.Patch, "webhooks/" + id, $$"""{"url":"{{second.Url}}","events":["contact.deleted"]}"""), HttpStatusCode.OK);
        Assert.Equal((second.Url, true), (moved.Str("url"), moved.GetProperty("active").GetBoolean()));
        Assert.Equal(["contact.deleted"], moved.GetProperty("events").EnumerateArray().Select(e => e.GetString()));
        Assert.False(moved.TryGetProperty("secret", out _));
        await api.CreateAsync("Patch", "Two", "7400002");
        await Bodies.ReadAsync(await api.DeleteAsync("contacts/" + contact), HttpStatusCode.OK);
        var deleted = await second.WaitForAsync(1);
        Assert.Equal("contact.deleted", Assert.Single(deleted).Type);

        var paused = await Bodies.ReadAsync(await api.SendAsync(HttpMethod.Patch, "webhooks/" + id, """{"active":false}"""), HttpStatusCode.OK);
        Assert.False(paused.GetProperty("active").GetBoolean());
        Assert.Equal(second.Url, paused.Str("url"));
        var pending = (await api.DeliveriesAsync(id)).Length;
        await Bodies.ReadAsync(await api.SendAsync(HttpMethod.Post, $"contacts/{contact}/restore"), HttpStatusCode.OK);
        await Bodies.ReadAsync(await api.DeleteAsync("contacts/" + contact), HttpStatusCode.OK);
        Assert.Equal(pending, (await api.DeliveriesAsync(id)).Length);
        Assert.False((await Bodies.ReadAsync(await api.GetAsync("webhooks/" + id), HttpStatusCode.OK)).GetProperty("active").GetBoolean());

        await Bodies.ReadAsync(await api.SendAsync(HttpMethod.Patch, "webhooks/" + id, """{"active":true}"""), HttpStatusCode.OK);
        var again = (await api.CreateAsync("Patch", "Three", "7400003")).Str("id");
        await Bodies.ReadAsync(await api.DeleteAsync("contacts/" + again), HttpStatusCode.OK);
        var all = await second.WaitForAsync(2);
        Assert.Equal(again, all[^1].ContactId);
        Assert.Single(first.Delivered);
    }

    [Theory, BothBackends]
    public async Task BadPatchesAreRefusedAndChangeNothing(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        var (id, _) = await api.SubscribeAsync("http://127.0.0.1:9/hook", "contact.created");
        var before = await (await api.GetAsync("webhooks/" + id)).Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        async Task<string[]> Codes(string json) =>
            [.. (await Bodies.ErrorsAsync(await api.SendAsync(HttpMethod.Patch, "webhooks/" + id, json), HttpStatusCode.BadRequest)).Select(e => e.Str("code") + ":" + (e.TryGetProperty("field", out var f) ? f.GetString() : ""))];

        Assert.Equal(["EMPTY_REQUEST:"], await Codes("{}"));
        Assert.Equal(["INVALID_FIELD:url"], await Codes("""{"url":"ftp://127.0.0.1/x"}"""));
        Assert.Equal(["INVALID_FIELD:url"], await Codes("""{"url":42}"""));
        Assert.Equal(["INVALID_FIELD:events"], await Codes("""{"events":[]}"""));
        Assert.Equal(["INVALID_FIELD:active"], await Codes("""{"active":"no"}"""));
        Assert.Equal(["INVALID_FIELD:url", "INVALID_FIELD:active"], await Codes("""{"url":"/relative","active":1}"""));
        Assert.Equal("INVALID_BODY", await Bodies.SingleErrorCodeAsync(await api.SendAsync(HttpMethod.Patch, "webhooks/" + id, "[]"), HttpStatusCode.BadRequest));
        Assert.Equal("UNSUPPORTED_MEDIA_TYPE", await Bodies.SingleErrorCodeAsync(
            await api.SendAsync(HttpMethod.Patch, "webhooks/" + id, configure: r => r.Content = new StringContent("active=false")), HttpStatusCode.UnsupportedMediaType));
        Assert.Equal("INVALID_ID", await Bodies.SingleErrorCodeAsync(await api.SendAsync(HttpMethod.Patch, "webhooks/nope", """{"active":false}"""), HttpStatusCode.BadRequest));
        Assert.Equal("NOT_FOUND", await Bodies.SingleErrorCodeAsync(await api.SendAsync(HttpMethod.Patch, "webhooks/wh-" + Guid.NewGuid(), """{"active":false}"""), HttpStatusCode.NotFound));
        var other = await TestServers.TenantAsync(backend);
        Assert.Equal("NOT_FOUND", await Bodies.SingleErrorCodeAsync(await other.SendAsync(HttpMethod.Patch, "webhooks/" + id, """{"active":false}"""), HttpStatusCode.NotFound));
        Assert.Equal("NOT_FOUND", await Bodies.SingleErrorCodeAsync(await other.SendAsync(HttpMethod.Post, $"webhooks/{id}/rotate-secret"), HttpStatusCode.NotFound));
        foreach (var grace in new[] { "-1", "x", "2592001", "1&grace=2" })
        {
            Assert.Equal("INVALID_QUERY_PARAMETER", await Bodies.SingleErrorCodeAsync(await api.SendAsync(HttpMethod.Post, $"webhooks/{id}/rotate-secret?grace={grace}"), HttpStatusCode.BadRequest));
        }
        Assert.Equal(before, await (await api.GetAsync("webhooks/" + id)).Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Theory, BothBackends]
    public async Task ARotatedSecretSignsBesideTheOldOneForTheGracePeriod(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        await using var receiver = await WebhookReceiver.StartAsync();
        var (id, oldSecret) = await api.SubscribeAsync(receiver.Url);

        var rotated = await Bodies.ReadAsync(await api.SendAsync(HttpMethod.Post, $"webhooks/{id}/rotate-secret"), HttpStatusCode.OK);
        var newSecret = rotated.Str("secret");
        Assert.StartsWith("whsec_", newSecret, StringComparison.Ordinal);
        Assert.NotEqual(oldSecret, newSecret);
        var expires = DateTimeOffset.Parse(rotated.Str("previousSecretExpiresAt"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expires - DateTimeOffset.UtcNow, TimeSpan.FromHours(23.9), TimeSpan.FromHours(24));
        Assert.False((await Bodies.ReadAsync(await api.GetAsync("webhooks/" + id), HttpStatusCode.OK)).TryGetProperty("secret", out _));

        await api.CreateAsync("Rotate", "One", "7500001");
        var during = Assert.Single(await receiver.WaitForAsync(1));
        Assert.Equal(2, during.Signatures.Length);
        Assert.True(during.IsSignedWith(newSecret));
        Assert.True(during.IsSignedWith(oldSecret));
        Assert.True(Callbook.Webhooks.WebhookSignature.Verify(newSecret, during.Timestamp, during.Body, during.Signature));
        Assert.StartsWith(Callbook.Webhooks.WebhookSignature.Sign(newSecret, long.Parse(during.Timestamp, System.Globalization.CultureInfo.InvariantCulture), during.Body) + " ", during.Signature, StringComparison.Ordinal);

        // grace=0 (a leaked secret): only the newest secret signs from now on.
        var immediate = await Bodies.ReadAsync(await api.SendAsync(HttpMethod.Post, $"webhooks/{id}/rotate-secret?grace=0"), HttpStatusCode.OK);
        Assert.False(immediate.TryGetProperty("previousSecretExpiresAt", out _));
        await api.CreateAsync("Rotate", "Two", "7500002");
        var after = (await receiver.WaitForAsync(2))[^1];
        Assert.Single(after.Signatures);
        Assert.True(after.IsSignedWith(immediate.Str("secret")));
        Assert.False(after.IsSignedWith(newSecret));
        Assert.False(after.IsSignedWith(oldSecret));
    }
}
