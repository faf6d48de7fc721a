using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Callbook.Hosting.OpenApi;

/// <summary>
/// The document's title, description, licence and security schemes: the <c>auth</c> header (the
/// vendor's) or <c>Authorization: Bearer</c>, both carrying the app's JWT. Every operation that
/// takes the <c>accountId</c> header (those under <c>/{streamId}</c>) requires one of them.
/// </summary>
internal sealed class OpenApiDocumentInfo : IOpenApiDocumentTransformer
{
    public const string AuthHeaderScheme = "authHeader";
    public const string BearerScheme = "bearer";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "Callbook Contacts API";
        document.Info.Version = "v1";
        document.Info.Description =
            "A drop-in for the SmartAssist Contacts Public APIs, plus history, restore, export, search, cursors, ETags, idempotency and webhooks. " +
            "Every route under /agentassist/api/v1/public/{streamId} needs the app's JWT (header `auth`, or `Authorization: Bearer`) " +
            "and the `accountId` header. Errors are always {\"errors\":[{\"msg\",\"code\",\"field\"?,\"index\"?,\"row\"?}]}. " +
            "The full reference is docs/api.md in the repository; a browsable one is served at /docs.";
        document.Tags = new HashSet<OpenApiTag>
        {
            new() { Name = "Contacts", Description = "Contacts of a stream: the vendor's eight endpoints and Callbook's additions (export, history, restore)." },
            new() { Name = "Webhooks", Description = "Subscriptions to signed contact change events, and their deliveries." },
        };
        // The served document names the address it was fetched from; a trailing slash would double in every path.
        foreach (var server in document.Servers ?? [])
        {
            server.Url = server.Url?.TrimEnd('/');
        }
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[AuthHeaderScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = "auth",
            Description = "The app's JWT, of the kind the app was created with (docs/auth.md): HS256/HS512 signed with its client secret, RS256/RS512 signed with its private key, " +
                "or either encrypted as a JWE (RSA-OAEP-256, A256GCM, cty JWT, kid = client id) for JWE apps; claim appId = client id. Made with `callbook token`. A leading 'Bearer ' is accepted.",
        };
        document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "The same JWT in the standard Authorization header.",
        };
        foreach (var item in document.Paths.Values)
        {
            foreach (var operation in (item.Operations ?? []).Values)
            {
                if (operation.Parameters?.Any(p => p.In == ParameterLocation.Header && p.Name == "accountId") == true)
                {
                    operation.Security =
                    [
                        new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(AuthHeaderScheme, document)] = [] },
                        new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] },
                    ];
                }
                else
                {
                    operation.Security = [];
                }
            }
        }
        return Task.CompletedTask;
    }
}
