using System.Net;
using System.Text;

namespace Callbook.Tests.Api;

/// <summary>
/// Query parameters, path ids and bodies are bound as raw text and checked by Callbook, never by the
/// framework's binder: the answers below are byte for byte the error bodies clients already rely on
/// (every problem of a query at once, the id checked before the body, the body before the store).
/// </summary>
public sealed class RequestPartErrorTests
{
    private const string Webhook = "wh-2b7e1f3a-1c2d-4e5f-8a9b-0c1d2e3f4a5b";
    private const string UnknownContact = "0123456789abcdef01234567";

    private static readonly (string Method, string Path, string? Json, HttpStatusCode Status, string Body)[] Cases =
    [
        ("GET", "contacts?skip=abc&limit=0&status=x", null, HttpStatusCode.BadRequest,
            """{"errors":[{"msg":"skip must be a whole number from 0 to 2147483647","code":"INVALID_QUERY_PARAMETER","field":"skip"},{"msg":"limit must be a whole number from 1 to 100","code":"INVALID_QUERY_PARAMETER","field":"limit"},{"msg":"status must be ACTIVE, INACTIVE or ALL","code":"INVALID_QUERY_PARAMETER","field":"status"}]}"""),
        ("GET", "contacts?cursor=x&skip=5", null, HttpStatusCode.BadRequest,
            """{"errors":[{"msg":"cursor and skip cannot be combined","code":"INVALID_QUERY_PARAMETER","field":"skip"}]}"""),
        ("GET", "contacts?countryCode=44&q=", null, HttpStatusCode.BadRequest,
            """{"errors":[{"msg":"countryCode is only used together with phone","code":"INVALID_QUERY_PARAMETER","field":"countryCode"},{"msg":"q must be 1 to 100 characters","code":"INVALID_QUERY_PARAMETER","field":"q"}]}"""),
        ("GET", "contacts?cursor=zzz", null, HttpStatusCode.BadRequest,
            """{"errors":[{"msg":"cursor is not valid for this stream and these filters","code":"INVALID_QUERY_PARAMETER","field":"cursor"}]}"""),
        ("GET", "contacts/export?status=bad&format=pdf", null, HttpStatusCode.BadRequest,
            """{"errors":[{"msg":"status must be ACTIVE, INACTIVE or ALL","code":"INVALID_QUERY_PARAMETER","field":"status"},{"msg":"format must be csv or xlsx","code":"INVALID_QUERY_PARAMETER","field":"format"}]}"""),
        ("POST", "contacts/import-contacts?partial=maybe&summary=2&charset=" + new string('x', 41), null, HttpStatusCode.BadRequest,
            """{"errors":[{"msg":"partial must be true or false","code":"INVALID_QUERY_PARAMETER","field":"partial"},{"msg":"summary must be true or false","code":"INVALID_QUERY_PARAMETER","field":"summary"},{"msg":"charset must be at most 40 characters","code":"INVALID_QUERY_PARAMETER","field":"charset"}]}"""),
        ("PUT", "contacts/not-an-id", "{", HttpStatusCode.BadRequest,
            """{"errors":[{"msg":"id must be 24 lowercase hexadecimal characters","code":"INVALID_ID","field":"id"}]}"""),
        ("PUT", "contacts/" + UnknownContact, "[]", HttpStatusCode.BadRequest,
            """{"errors":[{"msg":"the body must be one contact object","code":"INVALID_BODY"}]}"""),
        ("PATCH", "webhooks/bad", "{", HttpStatusCode.BadRequest,
            """{"errors":[{"msg":"id must be a webhook id: wh- and a UUID","code":"INVALID_ID","field":"id"}]}"""),
        ("POST", "webhooks/bad/rotate-secret?grace=x", null, HttpStatusCode.BadRequest,
            """{"errors":[{"msg":"id must be a webhook id: wh- and a UUID","code":"INVALID_ID","field":"id"}]}"""),
        ("POST", $"webhooks/{Webhook}/rotate-secret?grace=x", null, HttpStatusCode.BadRequest,
            """{"errors":[{"msg":"grace must be a number of seconds from 0 to 2592000","code":"INVALID_QUERY_PARAMETER","field":"grace"}]}"""),
        ("GET", $"webhooks/{Webhook}/deliveries?limit=0&status=x&cursor=0", null, HttpStatusCode.BadRequest,
            """{"errors":[{"msg":"limit must be an integer from 1 to 100","code":"INVALID_QUERY_PARAMETER","field":"limit"},{"msg":"status must be pending, delivered or failed","code":"INVALID_QUERY_PARAMETER","field":"status"},{"msg":"cursor must be the nextCursor of a previous page","code":"INVALID_QUERY_PARAMETER","field":"cursor"}]}"""),
        ("POST", "webhooks/bad/deliveries/abc/replay", null, HttpStatusCode.BadRequest,
            """{"errors":[{"msg":"id must be a webhook id: wh- and a UUID","code":"INVALID_ID","field":"id"}]}"""),
        ("POST", $"webhooks/{Webhook}/deliveries/abc/replay", null, HttpStatusCode.BadRequest,
            """{"errors":[{"msg":"deliveryId must be a delivery's id","code":"INVALID_ID","field":"deliveryId"}]}"""),
        ("POST", $"webhooks/{Webhook}/deliveries/5/replay", null, HttpStatusCode.NotFound,
            """{"errors":[{"msg":"delivery 5 was not found","code":"NOT_FOUND","field":"deliveryId"}]}"""),
        ("GET", $"webhooks/{Webhook}/deliveries", null, HttpStatusCode.NotFound,
            """{"errors":[{"msg":"webhook wh-2b7e1f3a-1c2d-4e5f-8a9b-0c1d2e3f4a5b was not found","code":"NOT_FOUND","field":"id"}]}"""),
    ];

    /// <summary>Every case on every backend.</summary>
    public static TheoryData<string, string, string, string?, HttpStatusCode, string> Refusals()
    {
        var data = new TheoryData<string, string, string, string?, HttpStatusCode, string>();
        foreach (var backend in (string[])[Backends.Sqlite, Backends.Postgres])
        {
            foreach (var (method, path, json, status, body) in Cases)
            {
                data.Add(backend, method, path, json, status, body);
            }
        }
        return data;
    }

    [Theory, MemberData(nameof(Refusals))]
    public async Task ABadPartIsAnsweredWithCallbooksOwnErrorBody(string backend, string method, string path, string? json, HttpStatusCode status, string body)
    {
        var api = await TestServers.TenantAsync(backend);
        var response = await api.SendAsync(new HttpMethod(method), path, json);
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(body, Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken)));
    }

    [Theory, BothBackends]
    public async Task AnUnauthenticatedRequestIsRefusedBeforeItsBodyIsRead(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        var response = await api.SendAsync(HttpMethod.Post, "contacts", "{", request => request.Headers.Remove("auth"));
        Assert.Equal("UNAUTHORIZED", await Bodies.SingleErrorCodeAsync(response, HttpStatusCode.Unauthorized));
    }

    [Theory, BothBackends]
    public async Task AnIdempotentRetryOfAMalformedBodyGetsTheFirstAnswerBack(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        void Key(HttpRequestMessage request) => request.Headers.Add("Idempotency-Key", "malformed-" + backend);
        var first = await api.SendAsync(HttpMethod.Post, "contacts", "[]", Key);
        var again = await api.SendAsync(HttpMethod.Post, "contacts", "[]", Key);
        Assert.Equal("EMPTY_REQUEST", await Bodies.SingleErrorCodeAsync(first, HttpStatusCode.BadRequest));
        Assert.Equal("EMPTY_REQUEST", await Bodies.SingleErrorCodeAsync(again, HttpStatusCode.BadRequest));
        Assert.Equal("true", Assert.Single(again.Headers.GetValues("Idempotent-Replayed")));
    }
}
