using Callbook.Dispatch;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Callbook.Hosting.OpenApi;

/// <summary>Describes the POST Callbook sends to subscribed URLs, in the document's top-level <c>webhooks</c> section.</summary>
internal sealed class OpenApiWebhooks : IOpenApiDocumentTransformer
{
    public async Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        var payload = await context.GetOrCreateSchemaAsync(typeof(WebhookPayload), null, cancellationToken);
        var operation = new OpenApiOperation
        {
            OperationId = "ContactChanged",
            Summary = "A contact change, POSTed to every subscribed URL of its stream",
            Description = "Retried with backoff for at least 24 h until a 2xx answer; at least once, in order per contact. " +
                          "Verify Callbook-Signature: v1=hex(HMAC-SHA256(secret, Callbook-Timestamp + \".\" + body)); after a secret rotation, for its grace period, " +
                          "the header holds one such signature per secret, space-separated: accept the event when any matches.",
            Parameters =
            [
                Header(WebhookSender.EventIdHeader, "The event id (also the payload's id): de-duplicate on it."),
                Header(WebhookSender.EventTypeHeader, "contact.created, contact.updated, contact.deleted, contact.restored or contact.erased."),
                Header(WebhookSender.TimestampHeader, "Unix seconds when this attempt was signed."),
                Header(WebhookSender.SignatureHeader, "v1= and the hex HMAC-SHA256 of timestamp + \".\" + body, keyed with the secret; two such values, space-separated (the new secret's first), during a rotation's grace period."),
                Header(WebhookSender.AttemptHeader, "1 for the first attempt."),
            ],
            // Callbook signs the request (Callbook-Signature); the receiver needs no credential of its own.
            Security = [],
            RequestBody = new OpenApiRequestBody { Required = true, Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = payload } } },
            Responses = new OpenApiResponses { ["2XX"] = new OpenApiResponse { Description = "Received; any other answer or none within the timeout is retried." } },
        };
        document.Webhooks ??= new Dictionary<string, IOpenApiPathItem>();
        document.Webhooks["contactChanged"] = new OpenApiPathItem { Operations = new Dictionary<HttpMethod, OpenApiOperation> { [HttpMethod.Post] = operation } };
    }

    private static OpenApiParameter Header(string name, string description) =>
        new() { Name = name, In = ParameterLocation.Header, Required = true, Description = description, Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
}
