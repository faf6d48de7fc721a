using System.Net;

namespace Callbook.Tests.Contacts;

/// <summary>Contract section 7: health, readiness, the OpenAPI document and rate limits.</summary>
public sealed class OperationsTests
{
    [Fact]
    public async Task HealthAndReadinessAnswerJson()
    {
        var api = await TestServers.TenantAsync(Backends.Sqlite);
        Assert.Equal("ok", (await Bodies.ReadAsync(await api.Http.GetAsync("/healthz", TestContext.Current.CancellationToken), HttpStatusCode.OK)).Str("status"));
        Assert.Equal("ok", (await Bodies.ReadAsync(await api.Http.GetAsync("/readyz", TestContext.Current.CancellationToken), HttpStatusCode.OK)).Str("status"));
    }

    [Fact]
    public async Task OpenApiDocumentDescribesEveryEndpoint()
    {
        var api = await TestServers.TenantAsync(Backends.Sqlite);
        var document = await Bodies.ReadAsync(await api.Http.GetAsync("/openapi/v1.json", TestContext.Current.CancellationToken), HttpStatusCode.OK);
        Assert.StartsWith("3.", document.Str("openapi"), StringComparison.Ordinal);
        var paths = document.GetProperty("paths");
        const string prefix = "/agentassist/api/v1/public/{streamId}/contacts";
        var expected = new (string Path, string Method, string Operation)[]
        {
            (prefix, "post", "CreateContacts"), (prefix + "/import-contacts", "post", "ImportContacts"), (prefix, "get", "ListContacts"),
            (prefix + "/{id}", "get", "GetContact"), (prefix + "/{id}", "put", "UpdateContact"), (prefix + "/bulk-update", "put", "BulkUpdateContacts"),
            (prefix + "/{id}", "delete", "DeleteContact"), (prefix + "/bulk-delete", "delete", "BulkDeleteContacts"),
            (prefix + "/export", "get", "ExportContacts"), (prefix + "/{id}/history", "get", "GetContactHistory"), (prefix + "/{id}/restore", "post", "RestoreContact"),
            (prefix + "/{id}/erase", "post", "EraseContact"),
        };
        foreach (var (path, method, operationId) in expected)
        {
            var operation = paths.GetProperty(path).GetProperty(method);
            Assert.Equal(operationId, operation.Str("operationId"));
            var parameters = operation.GetProperty("parameters").EnumerateArray().Select(p => p.Str("name")).ToList();
            Assert.Contains("streamId", parameters);
            Assert.Contains("accountId", parameters);
            Assert.Equal(2, operation.GetProperty("security").GetArrayLength());
            Assert.True(operation.GetProperty("responses").TryGetProperty("401", out _), $"{method} {path} documents 401");
        }
        var listParameters = paths.GetProperty(prefix).GetProperty("get").GetProperty("parameters").EnumerateArray().Select(p => p.Str("name")).ToList();
        Assert.Superset(new HashSet<string> { "skip", "limit", "status", "q", "phone", "countryCode", "cursor" }, listParameters.ToHashSet());
        Assert.Contains("Idempotency-Key", paths.GetProperty(prefix).GetProperty("post").GetProperty("parameters").EnumerateArray().Select(p => p.Str("name")));
        Assert.Contains("If-Match", paths.GetProperty(prefix + "/{id}").GetProperty("put").GetProperty("parameters").EnumerateArray().Select(p => p.Str("name")));
        var schemas = document.GetProperty("components").GetProperty("schemas");
        Assert.True(schemas.TryGetProperty("ContactResponse", out var contact));
        Assert.Contains("createdByAId", contact.GetProperty("properties").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task RateLimitAnswers429WithRetryAfterAndTheVendorMessage()
    {
        await using var factory = new CallbookFactory(Backends.Sqlite, new Dictionary<string, string?> { ["Callbook:RateLimits:PerMinute"] = "5" });
        var api = await factory.NewTenantAsync();
        var other = await factory.NewTenantAsync();
        for (var i = 0; i < 5; i++)
        {
            await Bodies.ReadAsync(await api.GetAsync("contacts"), HttpStatusCode.OK);
        }

        var limited = await api.GetAsync("contacts");

        var error = Assert.Single(await Bodies.ErrorsAsync(limited, (HttpStatusCode)429));
        Assert.Equal("Rate limit for this API has been reached. Please try again later", error.Str("msg"));
        Assert.Equal("RATE_LIMITED", error.Str("code"));
        Assert.True(int.Parse(limited.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
        // Another app and stream has its own window; health is never limited.
        await Bodies.ReadAsync(await other.GetAsync("contacts"), HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.OK, (await api.Http.GetAsync("/healthz", TestContext.Current.CancellationToken)).StatusCode);

        // The rejections, the requests by route and status, latencies and contacts show in /metrics, which is never limited.
        await other.CreateAsync("m", "m", "1234568", "+1");
        var metrics = await api.Http.GetAsync("/metrics", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        Assert.Equal("text/plain", metrics.Content.Headers.ContentType!.MediaType);
        var text = await metrics.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("# TYPE callbook_http_requests_total counter", text, StringComparison.Ordinal);
        Assert.Matches("""callbook_http_requests_total\{method="GET",route="/agentassist/api/v1/public/\{streamId\}/contacts/",status="200"\} (\d+)""", text);
        Assert.Matches("""callbook_http_requests_total\{method="GET",route="/agentassist/api/v1/public/\{streamId\}/contacts/",status="429"\} [1-9]""", text);
        Assert.Contains("# TYPE callbook_http_request_duration_seconds histogram", text, StringComparison.Ordinal);
        Assert.Matches("""callbook_http_request_duration_seconds_bucket\{method="GET",route="[^"]+",le="\+Inf"\} \d+""", text);
        Assert.Matches("""callbook_rate_limit_rejections_total [1-9]""", text);
        Assert.Matches("""callbook_contacts\{status="ACTIVE"\} 1""", text);
        Assert.Matches("""callbook_webhook_backlog 0""", text);
        Assert.DoesNotContain(api.Token, text, StringComparison.Ordinal);
    }
}
