using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Callbook.Hosting;

/// <summary>
/// Completes the OpenAPI document with what the handlers read by hand: the auth and accountId
/// headers of every contact and webhook endpoint, Idempotency-Key and If-Match where they apply,
/// and the query parameters of list, import, export and webhook deliveries.
/// </summary>
internal sealed class OpenApiHeaders : IOpenApiDocumentTransformer
{
    private static readonly Dictionary<string, (string Name, ParameterLocation In, string Description)[]> Extra = new(StringComparer.Ordinal)
    {
        ["ListContacts"] =
        [
            ("skip", ParameterLocation.Query, "Rows to skip, ≥ 0 (default 0)."),
            ("limit", ParameterLocation.Query, "Page size, 1–100 (default 10)."),
            ("status", ParameterLocation.Query, "ACTIVE (default), INACTIVE or ALL."),
            ("q", ParameterLocation.Query, "Name search: case- and accent-insensitive prefix of the first, last or full name."),
            ("phone", ParameterLocation.Query, "Caller lookup in any format: spaces, dashes, dots, parentheses, leading + or 00."),
            ("countryCode", ParameterLocation.Query, "Country code (+44) for a national phone number."),
            ("cursor", ParameterLocation.Query, "The nextCursor of the previous page (same filters)."),
        ],
        ["ImportContacts"] =
        [
            ("partial", ParameterLocation.Query, "true: import the good rows and report the bad ones."),
            ("summary", ParameterLocation.Query, "true: answer counts and errors only."),
            (Api.Idempotency.IdempotencyFilter.Header, ParameterLocation.Header, "Retries with the same key and body within 24 h get the first answer."),
        ],
        ["ExportContacts"] = [("status", ParameterLocation.Query, "ACTIVE (default), INACTIVE or ALL.")],
        ["CreateContacts"] = [(Api.Idempotency.IdempotencyFilter.Header, ParameterLocation.Header, "Retries with the same key and body within 24 h get the first answer.")],
        ["BulkUpdateContacts"] = [(Api.Idempotency.IdempotencyFilter.Header, ParameterLocation.Header, "Retries with the same key and body within 24 h get the first answer.")],
        ["BulkDeleteContacts"] = [(Api.Idempotency.IdempotencyFilter.Header, ParameterLocation.Header, "Retries with the same key and body within 24 h get the first answer.")],
        ["UpdateContact"] = [("If-Match", ParameterLocation.Header, "The ETag of GET /contacts/{id}; a stale one is answered 412.")],
        ["DeleteContact"] = [("If-Match", ParameterLocation.Header, "The ETag of GET /contacts/{id}; a stale one is answered 412.")],
        ["RestoreContact"] = [("If-Match", ParameterLocation.Header, "The ETag of GET /contacts/{id}; a stale one is answered 412.")],
        ["ListWebhookDeliveries"] =
        [
            ("limit", ParameterLocation.Query, "Page size, 1–100 (default 20)."),
            ("status", ParameterLocation.Query, "Only pending, delivered or failed deliveries."),
            ("cursor", ParameterLocation.Query, "The nextCursor of the previous page."),
        ],
    };

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "Callbook Contacts API";
        document.Info.Description = "SmartAssist-compatible contacts API. Every /agentassist route needs the headers 'auth: <JWT>' and 'accountId: <account id>'.";
        foreach (var (path, item) in document.Paths)
        {
            if (!path.StartsWith("/agentassist", StringComparison.Ordinal) || item.Operations is null)
            {
                continue;
            }
            foreach (var operation in item.Operations.Values)
            {
                operation.Parameters ??= [];
                operation.Parameters.Add(Parameter("auth", ParameterLocation.Header, true, "The app's JWT, of the kind the app was created with: HS256/HS512 signed with its client secret, RS256/RS512 signed with its private key, " +
                    "or either encrypted as a JWE (RSA-OAEP-256, A256GCM, cty JWT, kid = client id) for JWE apps; claim appId = client id. Authorization: Bearer is accepted too."));
                operation.Parameters.Add(Parameter("accountId", ParameterLocation.Header, true, "The account id (24 hex characters)."));
                foreach (var (name, location, description) in Extra.GetValueOrDefault(operation.OperationId ?? "", []))
                {
                    operation.Parameters.Add(Parameter(name, location, false, description));
                }
            }
        }
        return Task.CompletedTask;
    }

    private static OpenApiParameter Parameter(string name, ParameterLocation location, bool required, string description) =>
        new() { Name = name, In = location, Required = required, Description = description, Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
}
