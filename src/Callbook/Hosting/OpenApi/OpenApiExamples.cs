using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Callbook.Hosting.OpenApi;

/// <summary>
/// Request and response examples taken from the vendor's documentation samples (made valid where
/// the vendor's JSON is broken, ids and numbers filled in where the vendor masked them with x),
/// and the body shapes the framework cannot infer: create takes an array or one object, import
/// answers either the created contacts or a summary.
/// </summary>
internal sealed class OpenApiExamples : IOpenApiDocumentTransformer
{
    private const string John = """{"firstName":"john","lastName":"doe","salutation":"mr","cellPhone":{"extension":"+","phoneNumber":"2445612345","countryCode":"+91"}}""";

    private const string VendorContact = """
        {"id":"69609027c1746a6142912345","firstName":"john","lastName":"doe","fullName":"john doe","salutation":"mr",
         "cellPhone":{"extension":"+","phoneNumber":"+912445612345","countryCode":"+91"},"status":"ACTIVE",
         "instanceBotId":"st-7dc994f0-4436-5134-9fa8-a942625a1b2c","orgId":"o-16ff21d2-5d27-5fb2-b9bd-9fedb5f3c4d5",
         "accountId":"65f7d49a5dd06e2cefa45012","createdBy":"u-cc6ebd6c-656c-5364-abfc-ad5f80e6e7f8",
         "createdByAId":"a-6c63a33f-c2a7-49e8-a5ab-82449c8a9b0c","address":[],"twitterDetails":[],
         "createdAt":"2026-01-09T05:20:39.374Z","updatedAt":"2026-01-09T05:20:39.374Z"}
        """;

    // The vendor's bulk-update sample: its second record lacks the quote after "jane doe".
    private const string VendorBulkUpdate = """
        [{"id":"6964af60450340957c612345","firstName":"john","lastName":"doe","fullName":"john doe","salutation":"mr",
          "cellPhone":{"extension":"+","phoneNumber":"2445612345","countryCode":"+91"}},
         {"id":"6964af806fc554153c012345","firstName":"jane","lastName":"doe","fullName":"jane doe","salutation":"mrs",
          "cellPhone":{"extension":"+","phoneNumber":"2445671234","countryCode":"+91"}}]
        """;

    private const string Errors = """{"errors":[{"msg":"firstName is required","code":"REQUIRED_FIELD","field":"firstName","index":0}]}""";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var item in document.Paths.Values)
        {
            foreach (var operation in (item.Operations ?? []).Values)
            {
                Complete(operation, document);
            }
        }
        return Task.CompletedTask;
    }

    private static void Complete(OpenApiOperation operation, OpenApiDocument document)
    {
        switch (operation.OperationId)
        {
            case "CreateContacts":
                var input = Json(operation.RequestBody)?.Schema is OpenApiSchema { Items: { } one } ? one : null;
                if (input is not null)
                {
                    Json(operation.RequestBody)!.Schema = new OpenApiSchema { OneOf = [new OpenApiSchema { Type = JsonSchemaType.Array, Items = input, MinItems = 1, MaxItems = 1000 }, input] };
                }
                Example(Json(operation.RequestBody), $"[{John}]");
                Example(Json(operation.Responses?["201"]), $"[{VendorContact}]");
                break;
            case "ImportContacts":
                ImportCreated(operation, document);
                Example(Json(operation.Responses?["201"]), $"[{VendorContact}]");
                break;
            case "BulkUpdateContacts":
                Example(Json(operation.RequestBody), VendorBulkUpdate);
                break;
            case "BulkDeleteContacts":
                Example(Json(operation.RequestBody), """{"ids":["6964af60450340957c612345","6964af806fc554153c012345"]}""");
                break;
            case "UpdateContact":
                Example(Json(operation.RequestBody), John);
                Example(Json(operation.Responses?["200"]), VendorContact);
                break;
            case "GetContact" or "DeleteContact" or "RestoreContact":
                Example(Json(operation.Responses?["200"]), VendorContact);
                break;
        }
        if (operation.Responses is { } responses && responses.TryGetValue("400", out var badRequest))
        {
            Example(Json(badRequest), Errors);
        }
    }

    /// <summary>An import answers 201 with the created contacts or, with ?summary or ?partial, a summary.</summary>
    private static void ImportCreated(OpenApiOperation operation, OpenApiDocument document)
    {
        if (Json(operation.Responses?["201"]) is { } created)
        {
            var contacts = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchemaReference("ContactResponse", document) };
            created.Schema = new OpenApiSchema { OneOf = [contacts, new OpenApiSchemaReference("ImportSummary", document)] };
        }
    }

    private static OpenApiMediaType? Json(IOpenApiRequestBody? body) => Json(body?.Content);

    private static OpenApiMediaType? Json(IOpenApiResponse? response) => Json(response?.Content);

    private static OpenApiMediaType? Json(IDictionary<string, OpenApiMediaType>? content) =>
        content is not null && content.TryGetValue("application/json", out var media) ? media : null;

    private static void Example(OpenApiMediaType? media, string json)
    {
        if (media is not null)
        {
            media.Example = JsonNode.Parse(json);
        }
    }
}
