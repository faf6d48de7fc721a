using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Callbook.Tests.Api;

/// <summary>/openapi/v1.json is a complete description: generated clients need every parameter, body and answer.</summary>
public sealed partial class OpenApiDocumentTests
{
    [Fact]
    public async Task EveryRouteParameterOfEveryOperationIsDeclaredAsARequiredPathParameter()
    {
        var document = await DocumentAsync();
        var operations = 0;
        foreach (var (path, method, operation) in Operations(document))
        {
            operations++;
            var declared = Parameters(operation).Where(p => p.Str("in") == "path").ToDictionary(p => p.Str("name"));
            var inPath = RouteParameter().Matches(path).Select(m => m.Groups[1].Value).ToList();
            Assert.True(inPath.Order().SequenceEqual(declared.Keys.Order()), $"{method} {path}: path {string.Join(',', inPath)}, declared {string.Join(',', declared.Keys)}");
            Assert.All(declared.Values, p => Assert.True(p.GetProperty("required").GetBoolean()));
            Assert.All(declared.Values, p => Assert.False(string.IsNullOrEmpty(p.Str("description")), $"{method} {path} {p.Str("name")} has a description"));
        }
        Assert.True(operations >= 17, $"{operations} operations");
    }

    [Fact]
    public async Task EveryStreamOperationNeedsTheTokenAndTheAccountAndDocumentsItsErrors()
    {
        var document = await DocumentAsync();
        var schemes = document.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal("auth", schemes.GetProperty("authHeader").Str("name"));
        Assert.Equal("bearer", schemes.GetProperty("bearer").Str("scheme"));
        foreach (var (path, method, operation) in Operations(document).Where(o => o.Path.Contains("{streamId}", StringComparison.Ordinal)))
        {
            var accountId = Assert.Single(Parameters(operation), p => p.Str("name") == "accountId");
            Assert.Equal("header", accountId.Str("in"));
            Assert.True(accountId.GetProperty("required").GetBoolean());
            Assert.Equal(2, operation.GetProperty("security").GetArrayLength());
            foreach (var status in (string[])["400", "401", "403", "404", "429", "500"])
            {
                var response = operation.GetProperty("responses").GetProperty(status);
                Assert.Equal("#/components/schemas/ErrorBody", response.GetProperty("content").GetProperty("application/json").GetProperty("schema").Str("$ref"));
            }
            Assert.False(string.IsNullOrEmpty(operation.Str("summary")), $"{method} {path} has a summary");
        }
    }

    [Fact]
    public async Task QueryParametersHeadersAndBodiesAreTyped()
    {
        var document = await DocumentAsync();
        var contacts = document.GetProperty("paths").GetProperty("/agentassist/api/v1/public/{streamId}/contacts");
        var list = Parameters(contacts.GetProperty("get")).ToDictionary(p => p.Str("name"));
        Assert.Equal("integer", list["limit"].GetProperty("schema").Str("type"));
        Assert.Equal("100", list["limit"].GetProperty("schema").GetProperty("maximum").GetRawText());
        Assert.Equal(["ACTIVE", "INACTIVE", "ALL"], list["status"].GetProperty("schema").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains(Parameters(contacts.GetProperty("post")), p => p.Str("name") == "Idempotency-Key" && p.Str("in") == "header");

        // Create takes an array or one object; the example is the vendor's contact.
        var create = contacts.GetProperty("post").GetProperty("requestBody").GetProperty("content").GetProperty("application/json");
        Assert.Equal(2, create.GetProperty("schema").GetProperty("oneOf").GetArrayLength());
        Assert.Equal("john", create.GetProperty("example")[0].Str("firstName"));

        // Import is a multipart form with the file in result_file; it answers the contacts or a summary.
        var import = document.GetProperty("paths").GetProperty("/agentassist/api/v1/public/{streamId}/contacts/import-contacts").GetProperty("post");
        var form = import.GetProperty("requestBody").GetProperty("content").GetProperty("multipart/form-data").GetProperty("schema");
        Assert.Equal("binary", form.GetProperty("properties").GetProperty("result_file").Str("format"));
        Assert.Equal(2, import.GetProperty("responses").GetProperty("201").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("oneOf").GetArrayLength());
        Assert.Equal(["partial", "summary", "charset"], Parameters(import).Where(p => p.Str("in") == "query").Select(p => p.Str("name")));

        // Bulk delete takes the ids under "ids" or "id"; bulk update's example is the vendor's sample, made valid.
        var bulkDelete = document.GetProperty("components").GetProperty("schemas").GetProperty("BulkDeleteRequest").GetProperty("properties");
        Assert.True(bulkDelete.TryGetProperty("ids", out _) && bulkDelete.TryGetProperty("id", out _));
        var bulkUpdate = document.GetProperty("paths").GetProperty("/agentassist/api/v1/public/{streamId}/contacts/bulk-update").GetProperty("put");
        Assert.Equal("jane doe", bulkUpdate.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("example")[1].Str("fullName"));

        // A bulk record may carry the version or ETag it was read at (the handler reads "version" and "etag").
        var bulkRecord = document.GetProperty("components").GetProperty("schemas").GetProperty("BulkUpdateRecord").GetProperty("properties");
        Assert.Contains("integer", bulkRecord.GetProperty("version").GetRawText(), StringComparison.Ordinal);
        Assert.Contains("string", bulkRecord.GetProperty("etag").GetRawText(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(bulkRecord.GetProperty("etag").Str("description")));
    }

    private static async Task<JsonElement> DocumentAsync()
    {
        var api = await TestServers.TenantAsync(Backends.Sqlite);
        return await Bodies.ReadAsync(await api.Http.GetAsync("/openapi/v1.json", TestContext.Current.CancellationToken), HttpStatusCode.OK);
    }

    private static IEnumerable<(string Path, string Method, JsonElement Operation)> Operations(JsonElement document) =>
        from path in document.GetProperty("paths").EnumerateObject()
        from method in path.Value.EnumerateObject()
        where method.Name is "get" or "post" or "put" or "delete" or "patch"
        select (path.Name, method.Name, method.Value);

    private static IEnumerable<JsonElement> Parameters(JsonElement operation) =>
        operation.TryGetProperty("parameters", out var parameters) ? parameters.EnumerateArray() : [];

    [GeneratedRegex(@"\{([^}:]+)\}")]
    private static partial Regex RouteParameter();
}
