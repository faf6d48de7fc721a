using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Callbook.Hosting;

/// <summary>Describes the two headers every contact endpoint needs: auth (the JWT) and accountId.</summary>
internal sealed class OpenApiHeaders : IOpenApiDocumentTransformer
{
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
                operation.Parameters.Add(new OpenApiParameter { Name = "auth", In = ParameterLocation.Header, Required = true, Description = "JWT signed with the app's client secret (HS256), claim appId = client id. Authorization: Bearer is accepted too.", Schema = new OpenApiSchema { Type = JsonSchemaType.String } });
                operation.Parameters.Add(new OpenApiParameter { Name = "accountId", In = ParameterLocation.Header, Required = true, Description = "The account id (24 hex characters).", Schema = new OpenApiSchema { Type = JsonSchemaType.String } });
            }
        }
        return Task.CompletedTask;
    }
}
