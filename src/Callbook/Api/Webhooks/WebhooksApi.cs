using Callbook.Api.Contacts;
using Callbook.Hosting.OpenApi;

namespace Callbook.Api.Webhooks;

/// <summary>Webhook subscriptions of a stream and their deliveries, under the same authentication as the contacts.</summary>
public static class WebhooksApi
{
    /// <summary>Maps <c>/webhooks</c> under <paramref name="stream"/>, which carries authentication.</summary>
    public static RouteGroupBuilder MapWebhooksApi(this RouteGroupBuilder stream)
    {
        var group = stream.MapGroup("/webhooks")
            .WithTags("Webhooks")
            .WithParameters(ApiParameters.WebhookId);

        group.MapPost("", CreateWebhook.HandleAsync)
            .WithName("CreateWebhook")
            .WithSummary("Subscribe a URL to contact change events; the answer shows the signing secret, once")
            .Accepts<WebhookInput>("application/json")
            .Produces<WebhookResponse>(StatusCodes.Status201Created)
            .ProducesErrors(400, 409, 413, 415);

        group.MapGet("", WebhookQueries.ListAsync)
            .WithName("ListWebhooks")
            .WithSummary("The stream's webhook subscriptions, oldest first (secrets are never shown again)")
            .Produces<WebhookList>();

        group.MapGet("/{id}", WebhookQueries.GetAsync)
            .WithName("GetWebhook")
            .WithSummary("One webhook subscription")
            .Produces<WebhookResponse>()
            .ProducesErrors(400);

        group.MapDelete("/{id}", WebhookQueries.DeleteAsync)
            .WithName("DeleteWebhook")
            .WithSummary("Delete a subscription: nothing more is sent to it")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesErrors(400);

        group.MapPatch("/{id}", ChangeWebhook.PatchAsync)
            .WithName("UpdateWebhook")
            .WithSummary("Change a subscription's url, events or active state (the url is checked as on creation)")
            .Accepts<WebhookPatch>("application/json")
            .Produces<WebhookResponse>()
            .ProducesErrors(400, 413, 415);

        group.MapPost("/{id}/rotate-secret", ChangeWebhook.RotateSecretAsync)
            .WithName("RotateWebhookSecret")
            .WithSummary("A new signing secret, shown once; the replaced one keeps signing beside it for ?grace= seconds (default 24 h)")
            .Produces<WebhookResponse>()
            .ProducesErrors(400);

        group.MapGet("/{id}/deliveries", WebhookDeliveries.ListAsync)
            .WithName("ListWebhookDeliveries")
            .WithParameters(ApiParameters.DeliveryLimit, ApiParameters.DeliveryStatus, ApiParameters.DeliveryCursor)
            .WithSummary("Deliveries of a subscription, newest first: status, attempts, last error, next attempt")
            .Produces<DeliveryList>()
            .ProducesErrors(400);

        group.MapPost("/{id}/deliveries/{deliveryId}/replay", WebhookDeliveries.ReplayAsync)
            .WithName("ReplayWebhookDelivery")
            .WithParameters(ApiParameters.DeliveryId)
            .WithSummary("Send a delivery again (same event id and payload), due now")
            .Produces<DeliveryResponse>(StatusCodes.Status202Accepted)
            .ProducesErrors(400);

        return group;
    }
}
