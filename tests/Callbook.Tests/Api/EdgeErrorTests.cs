using System.Net;
using System.Net.Sockets;
using System.Text;
using Callbook.Stores;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Callbook.Tests.Api;

/// <summary>
/// Bad requests refused before any endpoint still get the JSON error body: a long request line (414),
/// too many or too large headers (431), a repeated query parameter (400), a JSON body in a charset
/// other than UTF-8 (415), another method on a health probe (405 with Allow). What Kestrel itself
/// refuses (4× our limits, an encoded NUL in the path) has no body, as documented. Metrics label a
/// failed request on a real route with that route's template.
/// </summary>
public sealed class EdgeErrorTests
{
    [Fact]
    public async Task RequestLineAndHeadersOverOurLimitsGetJsonErrorsThroughKestrel()
    {
        var port = CallbookProcess.FreePort();
        await using var server = await CallbookProcess.ServeAsync(TestDatabases.Create(Backends.Sqlite), port, "--no-demo");
        var longQuery = "/healthz?q=" + new string('a', 9000);
        var manyHeaders = string.Concat(Enumerable.Range(0, 70).Select(i => $"X-H{i}: v\r\n"));
        var largeHeader = $"X-Big: {new string('b', 40_000)}\r\n";

        await AssertJsonErrorAsync(await RawGetAsync(port, longQuery, ""), 414, "URI_TOO_LONG");
        await AssertJsonErrorAsync(await RawGetAsync(port, "/healthz", manyHeaders), 431, "HEADERS_TOO_LARGE");
        await AssertJsonErrorAsync(await RawGetAsync(port, "/healthz", largeHeader), 431, "HEADERS_TOO_LARGE");

        // Beyond Kestrel's own limits (4× ours) and for an encoded NUL in the path, Kestrel answers
        // before the application runs, without a body (docs/reliability.md says so).
        Assert.Equal((414, ""), await RawGetAsync(port, "/healthz?q=" + new string('a', 40_000), ""));
        Assert.Equal((431, ""), await RawGetAsync(port, "/healthz", $"X-Big: {new string('b', 140_000)}\r\n"));
        Assert.Equal((400, ""), await RawGetAsync(port, "/healthz%00", ""));
    }

    [Theory, BothBackends]
    public async Task ARepeatedQueryParameterIsNamedOnEveryEndpoint(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        var (webhook, _) = await api.SubscribeAsync("http://127.0.0.1:9/hook");
        var contact = (await api.CreateAsync("Query", "Twice", "9812345620")).Str("id");
        foreach (var (path, name) in new[]
        {
            ("contacts?limit=5&limit=6", "limit"), ("contacts?phone=1&phone=2", "phone"), ("contacts?status=ALL&Status=ACTIVE", "status"),
            ("contacts/export?status=ALL&status=ACTIVE", "status"), ($"contacts/{contact}/history?limit=1&limit=2", "limit"),
            ($"webhooks/{webhook}/deliveries?limit=1&limit=2", "limit"), ("contacts?q=a&q=b", "q"),
        })
        {
            var error = Assert.Single(await Bodies.ErrorsAsync(await api.GetAsync(path), HttpStatusCode.BadRequest));
            Assert.Equal(("INVALID_QUERY_PARAMETER", name), (error.Str("code"), error.Str("field")?.ToLowerInvariant()));
            Assert.Contains("is repeated", error.Str("msg"), StringComparison.Ordinal);
        }
    }

    [Theory, BothBackends]
    public async Task AJsonBodyInAnotherCharsetIs415OnEveryJsonEndpoint(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        var (webhook, _) = await api.SubscribeAsync("http://127.0.0.1:9/hook");
        var contact = (await api.CreateAsync("Charset", "Checked", "9812345621")).Str("id");
        var before = await api.SnapshotAsync();
        var endpoints = new (HttpMethod Method, string Path, string Body)[]
        {
            (HttpMethod.Post, "contacts", Bodies.Contacts(("Klingon", "Body", "9812345622", "+91"))),
            (HttpMethod.Put, "contacts/" + contact, Bodies.Contact("Klingon", "Body", "9812345622").ToJsonString()),
            (HttpMethod.Put, "contacts/bulk-update", "[]"),
            (HttpMethod.Delete, "contacts/bulk-delete", $$"""{"ids":["{{contact}}"]}"""),
            (HttpMethod.Post, "webhooks", """{"url":"http://127.0.0.1:9/other"}"""),
            (HttpMethod.Patch, "webhooks/" + webhook, """{"active":false}"""),
        };
        foreach (var (method, path, body) in endpoints)
        {
            foreach (var charset in new[] { "klingon", "iso-8859-1", "utf-16" })
            {
                var answer = await api.SendAsync(method, path, configure: r => r.Content = new StringContent(body, new System.Net.Http.Headers.MediaTypeHeaderValue("application/json") { CharSet = charset }));
                var error = Assert.Single(await Bodies.ErrorsAsync(answer, HttpStatusCode.UnsupportedMediaType));
                Assert.Equal("UNSUPPORTED_MEDIA_TYPE", error.Str("code"));
                Assert.Contains($"charset={charset} is not supported", error.Str("msg"), StringComparison.Ordinal);
            }
        }
        Assert.Equal(before, await api.SnapshotAsync());
        var utf8 = await api.SendAsync(HttpMethod.Post, "contacts", configure: r => r.Content = new StringContent(Bodies.Contacts(("Utf", "Eight", "9812345623", "+91")), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, utf8.StatusCode);
    }

    [Fact]
    public async Task HealthProbesAnswerOtherMethodsWith405AndAllow()
    {
        var http = TestServers.For(Backends.Sqlite).CreateClient();
        foreach (var path in new[] { "/healthz", "/readyz" })
        {
            foreach (var method in new[] { "POST", "TRACE", "PUT", "DELETE", "PATCH" })
            {
                var answer = await http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), TestContext.Current.CancellationToken);
                var error = Assert.Single(await Bodies.ErrorsAsync(answer, HttpStatusCode.MethodNotAllowed));
                Assert.Equal("METHOD_NOT_ALLOWED", error.Str("code"));
                Assert.Equal(["GET", "HEAD"], answer.Content.Headers.Allow.Order(StringComparer.Ordinal));
            }
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(path, TestContext.Current.CancellationToken)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, path), TestContext.Current.CancellationToken)).StatusCode);
        }
    }

    [Fact]
    public async Task MetricsLabelA415OrA500OnARealRouteWithItsTemplate()
    {
        await using var factory = new CallbookFactory(Backends.Sqlite);
        await using var failing = factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IIdempotencyStore>(new BrokenIdempotencyStore())));
        var setup = await factory.Database.Tenancy.CreateTenantAsync("metrics", TestContext.Current.CancellationToken);
        var api = new TenantClient(failing.CreateClient(), setup);

        var text = await api.SendAsync(HttpMethod.Post, "contacts", configure: r => r.Content = new StringContent("x", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);
        var bulk = await api.SendAsync(HttpMethod.Delete, "contacts/bulk-delete", configure: r => r.Content = new StringContent("x", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, bulk.StatusCode);
        var broken = await api.SendAsync(HttpMethod.Post, "contacts", Bodies.Contacts(("Five", "Hundred", "9812345624", "+91")), r => r.Headers.Add("Idempotency-Key", "k1"));
        Assert.Equal(HttpStatusCode.InternalServerError, broken.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("no-such-thing")).StatusCode);

        var metrics = await failing.CreateClient().GetStringAsync("/metrics", TestContext.Current.CancellationToken);
        const string Contacts = "/agentassist/api/v1/public/{streamId}/contacts/";
        Assert.Contains($"callbook_http_requests_total{{method=\"POST\",route=\"{Contacts}\",status=\"415\"}} 1", metrics, StringComparison.Ordinal);
        Assert.Contains($"callbook_http_requests_total{{method=\"DELETE\",route=\"{Contacts}bulk-delete\",status=\"415\"}} 1", metrics, StringComparison.Ordinal);
        Assert.Contains($"callbook_http_requests_total{{method=\"POST\",route=\"{Contacts}\",status=\"500\"}} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("callbook_http_requests_total{method=\"GET\",route=\"(unmatched)\",status=\"404\"} 1", metrics, StringComparison.Ordinal);
    }

    private static async Task AssertJsonErrorAsync((int Status, string Body) answer, int status, string code)
    {
        Assert.True(answer.Status == status, $"{answer.Status} {answer.Body}");
        var error = Assert.Single(System.Text.Json.JsonDocument.Parse(answer.Body).RootElement.GetProperty("errors").EnumerateArray());
        Assert.Equal(code, error.Str("code"));
        await Task.CompletedTask;
    }

    /// <summary>A GET over a plain socket (HttpClient refuses some of these requests itself); the status and body.</summary>
    private static async Task<(int Status, string Body)> RawGetAsync(int port, string target, string headers)
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port, ct);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n{headers}Connection: close\r\n\r\n"), ct);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var answer = await reader.ReadToEndAsync(ct);
        var split = answer.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var body = answer[(split + 4)..];
        if (answer[..split].Contains("transfer-encoding: chunked", StringComparison.OrdinalIgnoreCase))
        {
            // Size lines and data lines alternate; the last size is 0.
            var decoded = new StringBuilder();
            for (var at = 0; ;)
            {
                var end = body.IndexOf("\r\n", at, StringComparison.Ordinal);
                var size = int.Parse(body.AsSpan(at, end - at), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
                if (size == 0)
                {
                    break;
                }
                decoded.Append(body, end + 2, size);
                at = end + 2 + size + 2;
            }
            body = decoded.ToString();
        }
        return (int.Parse(answer.AsSpan(9, 3), System.Globalization.CultureInfo.InvariantCulture), body);
    }

    /// <summary>Every call fails: the endpoint behind it answers 500.</summary>
    private sealed class BrokenIdempotencyStore : IIdempotencyStore
    {
        public Task<IdempotencyClaim> ClaimAsync(IdempotencyKey key, byte[] requestHash, TimeSpan retention, TimeSpan staleClaim, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("the idempotency store is down (test)");

        public Task CompleteAsync(IdempotencyKey key, IdempotentAnswer answer, Func<string, IdempotentAnswer> erasedAnswer, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("the idempotency store is down (test)");

        public Task ReleaseAsync(IdempotencyKey key, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("the idempotency store is down (test)");
    }
}
