using Callbook.Api.Json;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Callbook.Hosting.OpenApi;

/// <summary>The OpenAPI document at <c>/openapi/v1.json</c> and the browsable reference at <c>/docs</c>.</summary>
public static class OpenApiSetup
{
    public const string DocsPath = "/docs";

    public static IServiceCollection AddCallbookOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(o => o
            .AddOperationTransformer<OpenApiParameters>()
            .AddDocumentTransformer<OpenApiDocumentInfo>()
            .AddDocumentTransformer<OpenApiExamples>()
            .AddDocumentTransformer<OpenApiWebhooks>()
            .AddSchemaTransformer((schema, context, _) =>
            {
                // address, twitterDetails and history changes: JSON kept verbatim, always an array of objects.
                if (context.JsonTypeInfo.Type == typeof(RawJson))
                {
                    schema.Type = JsonSchemaType.Array;
                    schema.Items = new OpenApiSchema { Type = JsonSchemaType.Object };
                }
                return Task.CompletedTask;
            }));

    /// <summary>
    /// Maps the document and Scalar's reference page. Scalar's script is served from its assembly;
    /// the web fonts, telemetry and AI agent that would load from the vendor's servers are off, so
    /// the page works on a machine without internet access.
    /// </summary>
    public static void MapCallbookOpenApi(this IEndpointRouteBuilder routes)
    {
        routes.MapOpenApi();
        routes.MapScalarApiReference(DocsPath, options => options
                .WithTitle("Callbook API reference")
                .WithOpenApiRoutePattern("/openapi/{documentName}.json")
                .DisableDefaultFonts()
                .DisableTelemetry()
                .DisableAgent()
                .DisableMcp())
            .ExcludeFromDescription();
    }
}
