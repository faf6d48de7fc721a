using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Callbook.Tests.Security;

/// <summary>Configurable input limits, each with a clear answer and nothing stored; opt-in security headers and CORS.</summary>
public sealed class InputLimitTests
{
    [Fact]
    public async Task ConfiguredLimitsAnswerJsonAndStoreNothing()
    {
        await using var factory = new CallbookFactory(Backends.Sqlite, new Dictionary<string, string?>
        {
            ["Callbook:Limits:RecordsPerRequest"] = "5",
            ["Callbook:Limits:JsonDepth"] = "6",
            ["Callbook:Limits:QueryParameters"] = "3",
        });
        var api = await factory.NewTenantAsync();
        var six = new JsonArray([.. Enumerable.Range(0, 6).Select(i => (JsonNode)Bodies.Contact("n", "n", "100000" + i, "+1"))]);
        Assert.Equal("TOO_MANY_RECORDS", await Bodies.SingleErrorCodeAsync(await api.PostAsync("contacts", six.ToJsonString()), HttpStatusCode.BadRequest));
        var deep = Bodies.Contact("d", "d", "1000010", "+1");
        deep["address"] = JsonNode.Parse("""[{"a":{"b":{"c":{"d":{"e":{}}}}}}]""");
        var error = Assert.Single(await Bodies.ErrorsAsync(await api.PostAsync("contacts", new JsonArray(deep).ToJsonString()), HttpStatusCode.BadRequest));
        Assert.Equal("MALFORMED_JSON", error.Str("code"));
        Assert.Contains("depth", error.Str("msg"), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("INVALID_QUERY_PARAMETER", await Bodies.SingleErrorCodeAsync(await api.GetAsync("contacts?a=1&b=2&c=3&d=4"), HttpStatusCode.BadRequest));
        Assert.Equal(0, await api.CountAsync());
        Assert.False((await api.GetAsync("contacts")).Headers.Contains("X-Content-Type-Options"));
    }

    [Fact]
    public async Task SecurityHeadersAndCorsAreOffByDefaultAndFollowTheAllowList()
    {
        await using var factory = new CallbookFactory(Backends.Sqlite, new Dictionary<string, string?>
        {
            ["Callbook:SecurityHeaders"] = "true",
            ["Callbook:Cors:Origins:0"] = "https://crm.example.com",
        });
        var api = await factory.NewTenantAsync();
        var answer = await api.GetAsync("contacts");
        Assert.Equal("nosniff", answer.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", answer.Headers.GetValues("X-Frame-Options").Single());

        async Task<HttpResponseMessage> PreflightAsync(string origin)
        {
            var request = new HttpRequestMessage(HttpMethod.Options, api.Url("contacts"));
            request.Headers.Add("Origin", origin);
            request.Headers.Add("Access-Control-Request-Method", "POST");
            request.Headers.Add("Access-Control-Request-Headers", "auth,accountid,content-type");
            return await api.Http.SendAsync(request, TestContext.Current.CancellationToken);
        }
        Assert.Equal("https://crm.example.com", (await PreflightAsync("https://crm.example.com")).Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.False((await PreflightAsync("https://evil.example")).Headers.Contains("Access-Control-Allow-Origin"));

        var plain = await TestServers.TenantAsync(Backends.Sqlite);
        var request = new HttpRequestMessage(HttpMethod.Get, plain.Url("contacts"));
        request.Headers.Add("Origin", "https://crm.example.com");
        Assert.False((await plain.Http.SendAsync(request, TestContext.Current.CancellationToken)).Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task KestrelCutsOffSlowAndOversizedHeaders()
    {
        var port = CallbookProcess.FreePort();
        await using var server = await CallbookProcess.ServeAsync(TestDatabases.Create(Backends.Sqlite), port, "--no-demo",
            "--Callbook:Limits:HeadersTimeoutSeconds=2", "--Callbook:Limits:HeaderBytes=4096");

        // A slow-loris client: half a request, then silence.
        using var slow = new TcpClient();
        await slow.ConnectAsync(IPAddress.Loopback, port, TestContext.Current.CancellationToken);
        var stream = slow.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes("GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Slow: "), TestContext.Current.CancellationToken);
        var started = DateTime.UtcNow;
        var buffer = new byte[1024];
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        var read = await stream.ReadAsync(buffer, timeout.Token);
        var waited = DateTime.UtcNow - started;
        Assert.True(waited < TimeSpan.FromSeconds(15), $"connection held for {waited}");
        Assert.True(read == 0 || Encoding.ASCII.GetString(buffer, 0, read).StartsWith("HTTP/1.1 408", StringComparison.Ordinal));

        using var http = new HttpClient();
        var big = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{port}/healthz");
        big.Headers.Add("X-Big", new string('x', 8000));
        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, (await http.SendAsync(big, TestContext.Current.CancellationToken)).StatusCode);
    }
}
