using System.Net;
using System.Text.Json;
using Callbook.Api.Auth;

namespace Callbook.Tests.Operations;

/// <summary>The real executable: JSON console logs that carry the request id, and /metrics with the runtime and Kestrel figures.</summary>
public sealed class ServedProcessTests
{
    [Fact]
    public async Task TheJsonConsoleFormatterWorksAndEveryRequestLineCarriesTheRequestId()
    {
        var db = TestDatabases.Create(Backends.Sqlite);
        var (code, stdout, stderr) = await CallbookProcess.RunAsync("init", "--db", db, "--json", "--name", "logs");
        Assert.True(code == 0, stderr);
        var tenant = JsonDocument.Parse(stdout).RootElement;
        var port = CallbookProcess.FreePort();
        await using var server = await CallbookProcess.ServeAsync(db, port, "--no-demo", "--Logging:Console:FormatterName=json");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/agentassist/api/v1/public/{tenant.Str("streamId")}/contacts?phone=2445619876");
        request.Headers.Add("accountId", tenant.Str("accountId"));
        request.Headers.Add("auth", Tokens.Issue(tenant.Str("clientId"), tenant.Str("clientSecret"), TimeSpan.FromMinutes(5), DateTimeOffset.UtcNow));
        var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var requestId = response.Headers.GetValues("X-Request-Id").Single();

        var line = await WaitForLineAsync(server, requestId);

        // One JSON object per line, as the framework's JSON formatter writes it, with the request id in its scope.
        var entry = JsonDocument.Parse(line).RootElement;
        Assert.Equal("Callbook.Requests", entry.Str("Category"));
        Assert.Equal("Information", entry.Str("LogLevel"));
        Assert.Contains(entry.GetProperty("Scopes").EnumerateArray(), s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty("RequestId", out var id) && id.GetString() == requestId);
        Assert.DoesNotContain("2445619876", server.Output, StringComparison.Ordinal);

        // /metrics keeps the service's families and adds the runtime's and Kestrel's.
        var metrics = await http.GetStringAsync("/metrics", TestContext.Current.CancellationToken);
        Assert.Contains("# TYPE callbook_http_requests_total counter", metrics, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^# TYPE dotnet_gc_collections_total counter$", metrics);
        Assert.Matches(@"(?m)^dotnet_process_memory_working_set_bytes [0-9.eE+]+$", metrics);
        Assert.Matches(@"(?m)^# TYPE kestrel_active_connections gauge$", metrics);
        Assert.Matches(@"(?m)^kestrel_active_connections\{.*\} [1-9]", metrics);
    }

    private static async Task<string> WaitForLineAsync(CallbookProcess server, string requestId)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var line = server.Output.Split('\n').FirstOrDefault(l => l.Contains("\"Callbook.Requests\"", StringComparison.Ordinal) && l.Contains(requestId, StringComparison.Ordinal));
            if (line is not null)
            {
                return line.Trim();
            }
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
        throw new TimeoutException("no JSON request line: " + server.Output);
    }
}
