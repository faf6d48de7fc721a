using System.Net;
using System.Reflection;
using System.Text.Json;
using Callbook.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Callbook.Tests.Api;

/// <summary>
/// Each operation of /openapi/v1.json lists every query parameter and header it reads, the body it
/// takes and every error status it can answer: the tables below are the contract a generated client
/// relies on, and a handler that reads a parameter the document does not show fails the last test.
/// </summary>
public sealed class OpenApiOperationTests
{
    /// <summary>Every operation under /{streamId}: authentication's 400, 401, 403, 404 and 429, and 500 for a bug.</summary>
    private static readonly int[] StreamErrors = [400, 401, 403, 404, 429, 500];

    /// <summary>The error statuses each operation adds to <see cref="StreamErrors"/>.</summary>
    private static readonly Dictionary<string, int[]> OwnErrors = new()
    {
        ["CreateContacts"] = [409, 413, 415, 422],
        ["ImportContacts"] = [409, 413, 415, 422],
        ["ListContacts"] = [],
        ["ExportContacts"] = [],
        ["GetContactHistory"] = [],
        ["RestoreContact"] = [409, 410, 412],
        ["EraseContact"] = [],
        ["GetContact"] = [410],
        ["BulkUpdateContacts"] = [409, 413, 415, 422],
        ["UpdateContact"] = [409, 410, 412, 413, 415],
        ["BulkDeleteContacts"] = [409, 413, 415, 422],
        ["DeleteContact"] = [410, 412],
        ["CreateWebhook"] = [409, 413, 415],
        ["ListWebhooks"] = [],
        ["GetWebhook"] = [],
        ["DeleteWebhook"] = [],
        ["UpdateWebhook"] = [413, 415],
        ["RotateWebhookSecret"] = [],
        ["ListWebhookDeliveries"] = [],
        ["ReplayWebhookDelivery"] = [],
    };

    /// <summary>The query parameters and headers (besides accountId) each operation reads, with their schema type.</summary>
    private static readonly Dictionary<string, (string Name, string In, string Type)[]> OwnParameters = new()
    {
        ["CreateContacts"] = [("Idempotency-Key", "header", "string")],
        ["ImportContacts"] = [("partial", "query", "boolean"), ("summary", "query", "boolean"), ("charset", "query", "string"), ("Idempotency-Key", "header", "string")],
        ["ListContacts"] = [("skip", "query", "integer"), ("limit", "query", "integer"), ("status", "query", "string"), ("q", "query", "string"),
            ("phone", "query", "string"), ("countryCode", "query", "string"), ("cursor", "query", "string")],
        ["ExportContacts"] = [("status", "query", "string"), ("format", "query", "string")],
        ["RestoreContact"] = [("If-Match", "header", "string")],
        ["BulkUpdateContacts"] = [("Idempotency-Key", "header", "string")],
        ["UpdateContact"] = [("If-Match", "header", "string")],
        ["BulkDeleteContacts"] = [("Idempotency-Key", "header", "string")],
        ["DeleteContact"] = [("If-Match", "header", "string")],
        ["RotateWebhookSecret"] = [("grace", "query", "integer")],
        ["ListWebhookDeliveries"] = [("limit", "query", "integer"), ("status", "query", "string"), ("cursor", "query", "string")],
    };

    /// <summary>The operations that take a body, with its media type.</summary>
    private static readonly Dictionary<string, string> BodyMediaTypes = new()
    {
        ["CreateContacts"] = "application/json",
        ["ImportContacts"] = "multipart/form-data",
        ["BulkUpdateContacts"] = "application/json",
        ["UpdateContact"] = "application/json",
        ["BulkDeleteContacts"] = "application/json",
        ["CreateWebhook"] = "application/json",
        ["UpdateWebhook"] = "application/json",
    };

    [Fact]
    public async Task EveryOperationDocumentsEachErrorStatusItCanAnswerWithTheErrorBody()
    {
        var operations = await StreamOperationsAsync();
        Assert.Equal(OwnErrors.Keys.Order(), operations.Keys.Order());
        foreach (var (id, operation) in operations)
        {
            var responses = operation.GetProperty("responses");
            var errors = responses.EnumerateObject().Select(r => int.Parse(r.Name, System.Globalization.CultureInfo.InvariantCulture)).Where(s => s >= 400).Order();
            Assert.True(StreamErrors.Concat(OwnErrors[id]).Order().SequenceEqual(errors), $"{id}: documents {string.Join(',', errors)}");
            foreach (var status in errors)
            {
                var schema = responses.GetProperty(status.ToString(System.Globalization.CultureInfo.InvariantCulture)).GetProperty("content").GetProperty("application/json").GetProperty("schema");
                Assert.Equal("#/components/schemas/ErrorBody", schema.Str("$ref"));
            }
        }
    }

    [Fact]
    public async Task EveryOperationDocumentsItsQueryParametersAndHeadersWithTheirTypes()
    {
        foreach (var (id, operation) in await StreamOperationsAsync())
        {
            var declared = Parameters(operation).Where(p => p.Str("in") != "path" && p.Str("name") != "accountId")
                .Select(p => (p.Str("name"), p.Str("in"), p.GetProperty("schema").Str("type"))).ToList();
            var expected = OwnParameters.GetValueOrDefault(id, []);
            Assert.True(expected.Order().SequenceEqual(declared.Order()), $"{id}: documents {string.Join(", ", declared)}");
            Assert.All(Parameters(operation), p => Assert.False(string.IsNullOrEmpty(p.Str("description")), $"{id} {p.Str("name")} has a description"));
        }
    }

    [Fact]
    public async Task EveryOperationThatTakesABodyDocumentsItsSchemaAndNoOtherDoes()
    {
        foreach (var (id, operation) in await StreamOperationsAsync())
        {
            if (!BodyMediaTypes.TryGetValue(id, out var mediaType))
            {
                Assert.False(operation.TryGetProperty("requestBody", out _), $"{id} takes no body");
                continue;
            }
            var body = operation.GetProperty("requestBody");
            Assert.True(body.GetProperty("required").GetBoolean(), $"{id}: the body is required");
            var content = Assert.Single(body.GetProperty("content").EnumerateObject());
            Assert.Equal(mediaType, content.Name);
            var schema = content.Value.GetProperty("schema");
            Assert.True(schema.TryGetProperty("$ref", out _) || schema.TryGetProperty("oneOf", out _) || schema.TryGetProperty("items", out _) || schema.TryGetProperty("properties", out _),
                $"{id}: {schema.GetRawText()}");
        }
    }

    [Fact]
    public async Task FileAnswersAreDocumentedBesideTheJsonOnes()
    {
        var operations = await StreamOperationsAsync();
        string[] MediaTypes(string id, string status) =>
            [.. operations[id].GetProperty("responses").GetProperty(status).GetProperty("content").EnumerateObject().Select(c => c.Name).Order()];
        Assert.Equal(["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "text/csv"], MediaTypes("ExportContacts", "200"));
        // An import answers JSON (the contacts or a summary), or with Accept: text/csv the error report.
        Assert.Equal(["application/json", "text/csv"], MediaTypes("ImportContacts", "200"));
        Assert.Equal(["application/json", "text/csv"], MediaTypes("ImportContacts", "201"));
        var summary = operations["ImportContacts"].GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema");
        Assert.Equal("#/components/schemas/ImportSummary", summary.Str("$ref"));
        Assert.Equal(2, operations["ImportContacts"].GetProperty("responses").GetProperty("201").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("oneOf").GetArrayLength());
    }

    [Fact]
    public void EveryHandlerDeclaresItsAnswersAndEveryParameterItBindsIsDocumented()
    {
        var endpoints = TestServers.For(Backends.Sqlite).Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith(StreamApi.Prefix, StringComparison.Ordinal) == true).ToList();
        Assert.Equal(OwnErrors.Count, endpoints.Count);
        foreach (var endpoint in endpoints)
        {
            var id = endpoint.Metadata.GetRequiredMetadata<IEndpointNameMetadata>().EndpointName;
            var handler = endpoint.Metadata.GetRequiredMetadata<MethodInfo>();
            var answer = handler.ReturnType.IsGenericType && handler.ReturnType.GetGenericTypeDefinition() == typeof(Task<>) ? handler.ReturnType.GetGenericArguments()[0] : handler.ReturnType;
            // A typed answer documents itself; a bare IResult says nothing of what the handler answers.
            Assert.True(typeof(IEndpointMetadataProvider).IsAssignableFrom(answer), $"{id} returns {answer.Name}");

            var bound = handler.GetParameters().Where(p => p.GetCustomAttribute<AsParametersAttribute>() is not null)
                .SelectMany(p => p.ParameterType.GetProperties())
                .Select(p => (p.GetCustomAttribute<FromQueryAttribute>()?.Name ?? p.GetCustomAttribute<FromHeaderAttribute>()?.Name))
                .OfType<string>();
            foreach (var name in bound)
            {
                Assert.True(OwnParameters.GetValueOrDefault(id, []).Any(p => p.Name == name), $"{id} binds {name}, which the documented parameters lack");
            }
        }
    }

    private static async Task<Dictionary<string, JsonElement>> StreamOperationsAsync()
    {
        var api = await TestServers.TenantAsync(Backends.Sqlite);
        var document = await Bodies.ReadAsync(await api.Http.GetAsync("/openapi/v1.json", TestContext.Current.CancellationToken), HttpStatusCode.OK);
        return (from path in document.GetProperty("paths").EnumerateObject()
                where path.Name.StartsWith(StreamApi.Prefix, StringComparison.Ordinal)
                from method in path.Value.EnumerateObject()
                where method.Name is "get" or "post" or "put" or "delete" or "patch"
                select method.Value).ToDictionary(o => o.Str("operationId"));
    }

    private static IEnumerable<JsonElement> Parameters(JsonElement operation) =>
        operation.TryGetProperty("parameters", out var parameters) ? parameters.EnumerateArray() : [];
}
