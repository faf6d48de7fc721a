using System.Net;
using System.Text.Json.Nodes;

namespace Callbook.Tests.Webhooks;

public sealed class WebhookApiTests
{
    [Theory, BothBackends]
    public async Task SecretIsShownOnceAndSubscriptionsBelongToTheirStream(string backend)
    {
        var factory = TestServers.For(backend);
        var api = await factory.NewTenantAsync();

        var response = await api.PostAsync("webhooks", """{"url":"http://127.0.0.1:9/hook","events":["contact.deleted","contact.created"]}""");
        var created = await Bodies.ReadAsync(response, HttpStatusCode.Created);
        Assert.Equal(["id", "streamId", "url", "events", "createdAt", "active", "secret"], Bodies.Keys(created));
        Assert.StartsWith("wh-", created.Str("id"), StringComparison.Ordinal);
        Assert.StartsWith("whsec_", created.Str("secret"), StringComparison.Ordinal);
        Assert.Equal(["contact.created", "contact.deleted"], created.GetProperty("events").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(api.Url("webhooks/" + created.Str("id")), response.Headers.Location?.ToString());

        var all = await api.SubscribeAsync("https://127.0.0.2/hooks?x=1");
        var list = await Bodies.ReadAsync(await api.GetAsync("webhooks"), HttpStatusCode.OK);
        var results = list.GetProperty("results").EnumerateArray().ToArray();
        Assert.Equal([created.Str("id"), all.Id], results.Select(r => r.Str("id")));
        Assert.All(results, r => Assert.False(r.TryGetProperty("secret", out _)));
        Assert.Equal(["contact.created", "contact.updated", "contact.deleted", "contact.restored", "contact.erased"], results[1].GetProperty("events").EnumerateArray().Select(e => e.GetString()));
        var one = await Bodies.ReadAsync(await api.GetAsync("webhooks/" + all.Id), HttpStatusCode.OK);
        Assert.Equal(["id", "streamId", "url", "events", "createdAt", "active"], Bodies.Keys(one));

        var other = await factory.NewTenantAsync();
        Assert.Equal("NOT_FOUND", await Bodies.SingleErrorCodeAsync(await other.GetAsync("webhooks/" + all.Id), HttpStatusCode.NotFound));
        Assert.Equal("NOT_FOUND", await Bodies.SingleErrorCodeAsync(await other.DeleteAsync("webhooks/" + all.Id), HttpStatusCode.NotFound));
        Assert.Equal("NOT_FOUND", await Bodies.SingleErrorCodeAsync(await other.GetAsync($"webhooks/{all.Id}/deliveries"), HttpStatusCode.NotFound));
        Assert.Empty((await Bodies.ReadAsync(await other.GetAsync("webhooks"), HttpStatusCode.OK)).GetProperty("results").EnumerateArray());

        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync("webhooks/" + all.Id)).StatusCode);
        Assert.Equal("NOT_FOUND", await Bodies.SingleErrorCodeAsync(await api.GetAsync("webhooks/" + all.Id), HttpStatusCode.NotFound));
        Assert.Equal("NOT_FOUND", await Bodies.SingleErrorCodeAsync(await api.DeleteAsync("webhooks/" + all.Id), HttpStatusCode.NotFound));
        Assert.Single((await Bodies.ReadAsync(await api.GetAsync("webhooks"), HttpStatusCode.OK)).GetProperty("results").EnumerateArray());
    }

    [Theory, BothBackends]
    public async Task BadSubscriptionsAreRefusedWithTheErrorBody(string backend)
    {
        var api = await TestServers.TenantAsync(backend);

        async Task<string[]> Codes(string json) =>
            [.. (await Bodies.ErrorsAsync(await api.PostAsync("webhooks", json), HttpStatusCode.BadRequest)).Select(e => e.Str("code") + ":" + e.Str("field"))];

        Assert.Equal(["REQUIRED_FIELD:url"], await Codes("{}"));
        Assert.Equal(["INVALID_FIELD:url"], await Codes("""{"url":"ftp://127.0.0.1/x"}"""));
        Assert.Equal(["INVALID_FIELD:url"], await Codes("""{"url":"/relative"}"""));
        Assert.Equal(["INVALID_FIELD:url"], await Codes(new JsonObject { ["url"] = "http://127.0.0.1/" + new string('a', 2040) }.ToJsonString()));
        Assert.Equal(["INVALID_FIELD:url"], await Codes("""{"url":42}"""));
        Assert.Equal(["INVALID_FIELD:events"], await Codes("""{"url":"http://127.0.0.1/x","events":[]}"""));
        Assert.Equal(["INVALID_FIELD:events"], await Codes("""{"url":"http://127.0.0.1/x","events":"contact.created"}"""));
        var unknown = await Bodies.ErrorsAsync(await api.PostAsync("webhooks", """{"url":"http://127.0.0.1/x","events":["contact.created","contact.merged"]}"""), HttpStatusCode.BadRequest);
        Assert.Equal(1, Assert.Single(unknown).GetProperty("index").GetInt32());
        Assert.Equal("INVALID_BODY", await Bodies.SingleErrorCodeAsync(await api.PostAsync("webhooks", "[]"), HttpStatusCode.BadRequest));
        Assert.Equal("MALFORMED_JSON", await Bodies.SingleErrorCodeAsync(await api.PostAsync("webhooks", "{"), HttpStatusCode.BadRequest));
        Assert.Equal("UNSUPPORTED_MEDIA_TYPE", await Bodies.SingleErrorCodeAsync(
            await api.SendAsync(HttpMethod.Post, "webhooks", configure: r => r.Content = new StringContent("url=x")), HttpStatusCode.UnsupportedMediaType));
        Assert.Equal("INVALID_ID", await Bodies.SingleErrorCodeAsync(await api.GetAsync("webhooks/nope"), HttpStatusCode.BadRequest));
        Assert.Equal("NOT_FOUND", await Bodies.SingleErrorCodeAsync(await api.GetAsync("webhooks/wh-" + Guid.NewGuid()), HttpStatusCode.NotFound));

        var (id, _) = await api.SubscribeAsync("http://127.0.0.1:9/hook");
        Assert.Equal("INVALID_QUERY_PARAMETER", await Bodies.SingleErrorCodeAsync(await api.GetAsync($"webhooks/{id}/deliveries?limit=101"), HttpStatusCode.BadRequest));
        Assert.Equal("INVALID_QUERY_PARAMETER", await Bodies.SingleErrorCodeAsync(await api.GetAsync($"webhooks/{id}/deliveries?status=lost"), HttpStatusCode.BadRequest));
        Assert.Equal("INVALID_QUERY_PARAMETER", await Bodies.SingleErrorCodeAsync(await api.GetAsync($"webhooks/{id}/deliveries?cursor=abc"), HttpStatusCode.BadRequest));
        Assert.Equal("INVALID_ID", await Bodies.SingleErrorCodeAsync(await api.SendAsync(HttpMethod.Post, $"webhooks/{id}/deliveries/x/replay"), HttpStatusCode.BadRequest));
        Assert.Equal("NOT_FOUND", await Bodies.SingleErrorCodeAsync(await api.SendAsync(HttpMethod.Post, $"webhooks/{id}/deliveries/999999999/replay"), HttpStatusCode.NotFound));
    }

    [Theory, BothBackends]
    public async Task AStreamHoldsAtMostTenSubscriptions(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        var ids = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            ids.Add((await api.SubscribeAsync($"http://127.0.0.1:9/hook{i}")).Id);
        }
        Assert.Equal("LIMIT_REACHED", await Bodies.SingleErrorCodeAsync(await api.PostAsync("webhooks", """{"url":"http://127.0.0.1:9/x"}"""), HttpStatusCode.Conflict));
        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync("webhooks/" + ids[0])).StatusCode);
        await api.SubscribeAsync("http://127.0.0.1:9/again");
    }

    [Theory, BothBackends]
    public async Task WebhookRoutesNeedTheSameCredentials(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        var anonymous = await api.Http.GetAsync(api.Url("webhooks"), TestContext.Current.CancellationToken);
        Assert.Equal("UNAUTHORIZED", await Bodies.SingleErrorCodeAsync(anonymous, HttpStatusCode.Unauthorized));
        Assert.Equal("NOT_FOUND", await Bodies.SingleErrorCodeAsync(
            await api.SendAsync(HttpMethod.Get, "webhooks", configure: r => r.RequestUri = new Uri(api.Url("webhooks", "st-" + Guid.NewGuid()), UriKind.Relative)),
            HttpStatusCode.NotFound));
    }
}
