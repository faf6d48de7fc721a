using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Callbook.Tests.Api;

/// <summary>
/// The body schema /openapi/v1.json shows for each JSON operation is the body its reader reads: every
/// documented property (nested ones too) is read under its documented name, the properties the
/// reader requires are the ones the schema marks required, and every field an error names is a
/// documented property. A reader and its schema class cannot drift apart without failing here.
/// </summary>
public sealed class RequestSchemaTests
{
    /// <summary>How each JSON operation is called: its route and a valid body built around a documented property.</summary>
    private sealed record Operation(HttpMethod Method, string Route, bool Array, Func<string, JsonObject> ValidBody);

    [Fact]
    public async Task EveryDocumentedBodyPropertyIsReadUnderItsNameAndNothingUndocumentedIs()
    {
        var api = await TestServers.TenantAsync(Backends.Sqlite);
        var contactId = (await api.CreateAsync("Schema", "Reader", "7411001")).Str("id");
        var (webhookId, _) = await api.SubscribeAsync("http://127.0.0.1:9/schema");
        JsonObject Contact(string phone) => Bodies.Contact("Ada", "Lovelace", phone);
        var operations = new Dictionary<string, Operation>
        {
            ["CreateContacts"] = new(HttpMethod.Post, "contacts", true, _ => Contact("7411002")),
            ["UpdateContact"] = new(HttpMethod.Put, "contacts/" + contactId, false, _ => Contact("7411001")),
            ["BulkUpdateContacts"] = new(HttpMethod.Put, "contacts/bulk-update", true, _ => WithId(Contact("7411001"), contactId)),
            // "ids" and "id" are alternatives (either, not both): each is tried on its own.
            ["BulkDeleteContacts"] = new(HttpMethod.Delete, "contacts/bulk-delete", false, property => new JsonObject { [property == "id" ? "id" : "ids"] = new JsonArray(contactId) }),
            ["CreateWebhook"] = new(HttpMethod.Post, "webhooks", false, _ => new JsonObject { ["url"] = "http://127.0.0.1:9/other" }),
            ["UpdateWebhook"] = new(HttpMethod.Patch, "webhooks/" + webhookId, false, _ => new JsonObject { ["active"] = true }),
        };

        var document = await Bodies.ReadAsync(await api.Http.GetAsync("/openapi/v1.json", TestContext.Current.CancellationToken), HttpStatusCode.OK);
        var schemas = document.GetProperty("components").GetProperty("schemas");
        var documented = JsonBodies(document).ToDictionary(b => b.OperationId, b => b.Schema);
        Assert.Equal(operations.Keys.Order(), documented.Keys.Order());

        foreach (var (operationId, operation) in operations)
        {
            var (bodySchema, isArray) = Unwrap(Resolve(documented[operationId], schemas), schemas);
            Assert.True(isArray == operation.Array, $"{operationId}: the schema's array-ness differs from how the endpoint is called");
            var properties = Properties(bodySchema, schemas, "").ToList();
            Assert.NotEmpty(properties);
            var paths = properties.Select(p => p.Path).ToHashSet(StringComparer.Ordinal);

            foreach (var property in properties.Where(p => !p.Ignored))
            {
                var body = operation.ValidBody(property.Path);
                Set(body, property.Path, property.WrongValue);
                var fields = await FieldsAsync(api, operation, body);
                Assert.True(fields.Contains(property.Path), $"{operationId}: a {property.WrongValue.ToJsonString()} under the documented '{property.Path}' was not refused by that name; fields named: [{string.Join(", ", fields)}]");
                Assert.True(fields.IsSubsetOf(paths), $"{operationId}: errors name undocumented fields [{string.Join(", ", fields.Except(paths))}]");
            }

            // An empty object, and each nested object emptied in a valid body: the reader asks for exactly
            // the properties the schema marks required at that level.
            await AssertRequiredAsync(api, operationId, operation, "", new JsonObject(), properties, paths);
            foreach (var parent in properties.Where(p => properties.Any(c => c.Path.StartsWith(p.Path + ".", StringComparison.Ordinal))))
            {
                var body = operation.ValidBody(parent.Path);
                Set(body, parent.Path, new JsonObject());
                await AssertRequiredAsync(api, operationId, operation, parent.Path + ".", body, properties, paths);
            }
        }
    }

    private static async Task AssertRequiredAsync(TenantClient api, string operationId, Operation operation, string level, JsonObject body, List<Property> properties, HashSet<string> paths)
    {
        var errors = await ErrorsAsync(api, operation, body);
        // A field named by an error for a body that lacks it (REQUIRED_FIELD; INVALID_ID for a bulk record's id), not a refusal of the body's shape.
        var asked = errors.Where(e => e.TryGetProperty("field", out _) && e.Str("code") != "INVALID_BODY").Select(e => e.Str("field")).ToHashSet(StringComparer.Ordinal);
        var required = properties.Where(p => p.Required && p.Path.StartsWith(level, StringComparison.Ordinal) && !p.Path[level.Length..].Contains('.', StringComparison.Ordinal))
            .Select(p => p.Path).ToHashSet(StringComparer.Ordinal);
        Assert.True(required.SetEquals(asked), $"{operationId} {body.ToJsonString()}: the schema requires [{string.Join(", ", required.Order())}], the reader asks for [{string.Join(", ", asked.Order())}]");
        var named = errors.Where(e => e.TryGetProperty("field", out _)).Select(e => e.Str("field")).ToList();
        Assert.True(named.All(paths.Contains), $"{operationId} {body.ToJsonString()}: errors name undocumented fields [{string.Join(", ", named.Except(paths))}]");
    }

    /// <summary>One documented property: its JSON path, whether required (with all its parents), a value of the wrong kind for it, and whether the schema says the server ignores it.</summary>
    private sealed record Property(string Path, bool Required, JsonNode WrongValue, bool Ignored);

    private static IEnumerable<(string OperationId, JsonElement Schema)> JsonBodies(JsonElement document) =>
        from path in document.GetProperty("paths").EnumerateObject()
        where path.Name.StartsWith(Callbook.Api.StreamApi.Prefix, StringComparison.Ordinal)
        from method in path.Value.EnumerateObject()
        where method.Value.ValueKind == JsonValueKind.Object && method.Value.TryGetProperty("requestBody", out _)
        let content = method.Value.GetProperty("requestBody").GetProperty("content")
        where content.TryGetProperty("application/json", out _)
        select (method.Value.Str("operationId"), content.GetProperty("application/json").GetProperty("schema"));

    private static IEnumerable<Property> Properties(JsonElement schema, JsonElement schemas, string prefix)
    {
        var required = schema.TryGetProperty("required", out var names) ? names.EnumerateArray().Select(n => n.GetString()!).ToHashSet(StringComparer.Ordinal) : [];
        foreach (var property in schema.GetProperty("properties").EnumerateObject())
        {
            var path = prefix + property.Name;
            var ignored = property.Value.TryGetProperty("description", out var description) && description.GetString()!.StartsWith("Ignored", StringComparison.Ordinal);
            var resolved = Resolve(property.Value, schemas);
            var types = Types(resolved);
            if (types.Contains("object") && resolved.TryGetProperty("properties", out _))
            {
                yield return new Property(path, required.Contains(property.Name), "not an object", ignored);
                foreach (var nested in Properties(resolved, schemas, path + "."))
                {
                    yield return nested with { Required = nested.Required && required.Contains(property.Name) };
                }
                continue;
            }
            JsonNode wrong = types.Contains("array")
                ? resolved.TryGetProperty("items", out var items) && Types(Resolve(items, schemas)).Contains("string") ? new JsonArray(new JsonObject()) : "not an array"
                : types.Contains("string") ? new JsonObject() : "not a " + string.Join("/", types);
            yield return new Property(path, required.Contains(property.Name), wrong, ignored);
        }
    }

    /// <summary>The schema's type names: "type" may be one name or, for nullable ones, an array; a oneOf/anyOf contributes its members' types.</summary>
    private static HashSet<string> Types(JsonElement schema)
    {
        var types = new HashSet<string>(StringComparer.Ordinal);
        if (schema.TryGetProperty("type", out var type))
        {
            if (type.ValueKind == JsonValueKind.Array)
            {
                types.UnionWith(type.EnumerateArray().Select(t => t.GetString()!));
            }
            else
            {
                types.Add(type.GetString()!);
            }
        }
        if (schema.TryGetProperty("properties", out _))
        {
            types.Add("object");
        }
        types.Remove("null");
        return types;
    }

    private static JsonElement Resolve(JsonElement schema, JsonElement schemas)
    {
        while (schema.TryGetProperty("$ref", out var reference))
        {
            schema = schemas.GetProperty(reference.GetString()!["#/components/schemas/".Length..]);
        }
        foreach (var combinator in new[] { "oneOf", "anyOf", "allOf" })
        {
            if (schema.TryGetProperty(combinator, out var members))
            {
                var concrete = members.EnumerateArray().Select(m => Resolve(m, schemas)).Where(m => Types(m).Count > 0).ToList();
                if (concrete.Count == 1)
                {
                    return concrete[0];
                }
            }
        }
        return schema;
    }

    /// <summary>The record schema of a body, and whether the body is an array of them (a oneOf of "an array of X" and "one X" counts as an array).</summary>
    private static (JsonElement Schema, bool Array) Unwrap(JsonElement schema, JsonElement schemas)
    {
        if (schema.TryGetProperty("oneOf", out var members))
        {
            schema = members.EnumerateArray().Select(m => Resolve(m, schemas)).FirstOrDefault(m => Types(m).Contains("array"), schema);
        }
        return Types(schema).Contains("array") ? (Resolve(schema.GetProperty("items"), schemas), true) : (schema, false);
    }

    private static JsonObject WithId(JsonObject record, string id)
    {
        record["id"] = id;
        return record;
    }

    private static void Set(JsonObject body, string path, JsonNode value)
    {
        var parts = path.Split('.');
        var target = body;
        foreach (var part in parts[..^1])
        {
            target = target[part] as JsonObject ?? throw new InvalidOperationException($"the valid body has no object under '{part}' for {path}");
        }
        target[parts[^1]] = value.DeepClone();
    }

    private static async Task<HashSet<string>> FieldsAsync(TenantClient api, Operation operation, JsonObject body) =>
        (await ErrorsAsync(api, operation, body)).Where(e => e.TryGetProperty("field", out _)).Select(e => e.Str("field")).ToHashSet(StringComparer.Ordinal);

    /// <summary>Every error object of the answer: a 400's errors, or the errors of a bulk answer's failed records.</summary>
    private static async Task<List<JsonElement>> ErrorsAsync(TenantClient api, Operation operation, JsonObject body)
    {
        var json = operation.Array ? new JsonArray(body.DeepClone()).ToJsonString() : body.ToJsonString();
        using var response = await api.SendAsync(operation.Method, operation.Route, json);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.OK, $"{operation.Method} {operation.Route} {json}: {(int)response.StatusCode} {text}");
        var errors = new List<JsonElement>();
        Collect(JsonDocument.Parse(text).RootElement, errors);
        return errors;
    }

    private static void Collect(JsonElement element, List<JsonElement> errors)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (property.Name == "errors" && property.Value.ValueKind == JsonValueKind.Array)
                {
                    errors.AddRange(property.Value.EnumerateArray());
                }
                else
                {
                    Collect(property.Value, errors);
                }
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                Collect(item, errors);
            }
        }
    }
}
