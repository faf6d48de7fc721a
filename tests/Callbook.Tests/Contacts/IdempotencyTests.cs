using System.Net;
using System.Text.Json.Nodes;

namespace Callbook.Tests.Contacts;

public sealed class IdempotencyTests
{
    [Theory, BothBackends]
    public async Task RetryReplaysTheFirstAnswerByteForByte(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        var body = Bodies.Contacts(("idem", "potent", "6400001", "+91"));
        var key = Guid.NewGuid().ToString();

        var first = await api.SendAsync(HttpMethod.Post, "contacts", body, r => r.Headers.Add("Idempotency-Key", key));
        var retry = await api.SendAsync(HttpMethod.Post, "contacts", body, r => r.Headers.Add("Idempotency-Key", key));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal(await first.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken), await retry.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(1, await api.CountAsync());

        var other = await api.SendAsync(HttpMethod.Post, "contacts", Bodies.Contacts(("idem", "potent", "6400002", "+91")), r => r.Headers.Add("Idempotency-Key", key));
        Assert.Equal("IDEMPOTENCY_KEY_REUSED", await Bodies.SingleErrorCodeAsync(other, HttpStatusCode.UnprocessableEntity));
        Assert.Equal(1, await api.CountAsync());

        // Without the key the same body is a new request (and here a conflict).
        Assert.Equal(HttpStatusCode.Conflict, (await api.PostAsync("contacts", body)).StatusCode);
    }

    [Theory, BothBackends]
    public async Task RacingRequestsWithOneKeyApplyOnce(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        var body = new JsonArray([.. Enumerable.Range(0, 200).Select(i => (JsonNode)Bodies.Contact("r" + i, "x", (6500000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture), "+1"))]).ToJsonString();
        var key = Guid.NewGuid().ToString();

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => api.SendAsync(HttpMethod.Post, "contacts", body, r => r.Headers.Add("Idempotency-Key", key))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)));
        Assert.Single(bodies.Distinct(StringComparer.Ordinal));
        Assert.Equal(200, await api.CountAsync());
    }

    [Theory, BothBackends]
    public async Task ImportBulkUpdateAndBulkDeleteHonourKeysPerAppAndStream(string backend)
    {
        var factory = TestServers.For(backend);
        var api = await factory.NewTenantAsync();
        var other = await factory.NewTenantAsync();
        const string csv = "firstName,lastName,salutation,cellPhoneNumber,cellPhoneCountryCode,cellPhoneExtension\na,b,mr,6600001,+1,\n";
        var key = Guid.NewGuid().ToString();
        async Task<HttpResponseMessage> ImportAsync(TenantClient client)
        {
            var form = new MultipartFormDataContent { { new StringContent(csv), "result_file", "c.csv" } };
            return await client.SendAsync(HttpMethod.Post, "contacts/import-contacts", configure: r => { r.Content = form; r.Headers.Add("Idempotency-Key", key); });
        }

        var first = await ImportAsync(api);
        var again = await ImportAsync(api);   // a new multipart boundary, the same file
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), await again.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(1, await api.CountAsync());
        Assert.Equal(HttpStatusCode.Created, (await ImportAsync(other)).StatusCode);   // another app and stream: its own key space
        Assert.Equal(1, await other.CountAsync());

        var id = (await Bodies.ReadAsync(first, HttpStatusCode.Created))[0].Str("id");
        var update = Bodies.Contact("a2", "b", "6600001", "+1");
        update["id"] = id;
        var updateKey = Guid.NewGuid().ToString();
        var u1 = await api.SendAsync(HttpMethod.Put, "contacts/bulk-update", new JsonArray(update).ToJsonString(), r => r.Headers.Add("Idempotency-Key", updateKey));
        var u2 = await api.SendAsync(HttpMethod.Put, "contacts/bulk-update", new JsonArray(update.DeepClone()).ToJsonString(), r => r.Headers.Add("Idempotency-Key", updateKey));
        Assert.Equal(await u1.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), await u2.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var history = await Bodies.ReadAsync(await api.GetAsync($"contacts/{id}/history"), HttpStatusCode.OK);
        Assert.Equal(2, history.GetProperty("history").GetArrayLength());

        var deleteBody = new JsonObject { ["ids"] = new JsonArray(id) }.ToJsonString();
        var deleteKey = Guid.NewGuid().ToString();
        var d1 = await api.SendAsync(HttpMethod.Delete, "contacts/bulk-delete", deleteBody, r => r.Headers.Add("Idempotency-Key", deleteKey));
        var d2 = await api.SendAsync(HttpMethod.Delete, "contacts/bulk-delete", deleteBody, r => r.Headers.Add("Idempotency-Key", deleteKey));
        Assert.Equal(await d1.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), await d2.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(3, (await Bodies.ReadAsync(await api.GetAsync($"contacts/{id}/history"), HttpStatusCode.OK)).GetProperty("history").GetArrayLength());

        var badKey = await api.SendAsync(HttpMethod.Post, "contacts", Bodies.Contacts(("x", "y", "6600009", "+1")), r => r.Headers.TryAddWithoutValidation("Idempotency-Key", "has space"));
        Assert.Equal("INVALID_IDEMPOTENCY_KEY", await Bodies.SingleErrorCodeAsync(badKey, HttpStatusCode.BadRequest));
    }
}
