namespace Callbook.Api.Webhooks;

/// <summary>
/// Webhook subscriptions of a stream and their deliveries, under the same authentication as the
/// contacts. What each endpoint reads and answers is documented by its handler's types.
/// </summary>
public static class WebhooksApi
{
    /// <summary>Maps <c>/webhooks</c> under <paramref name="stream"/>, which carries authentication.</summary>
    public static RouteGroupBuilder MapWebhooksApi(this RouteGroupBuilder stream)
    {
        var group = stream.MapGroup("/webhooks").WithTags("Webhooks");

        group.MapPost("", CreateWebhook.HandleAsync)
            .WithName("CreateWebhook")
            .WithSummary("Subscribe a URL to contact change events; the answer shows the signing secret, once");

        group.MapGet("", WebhookQueries.ListAsync)
            .WithName("ListWebhooks")
            .WithSummary("The stream's webhook subscriptions, oldest first (secrets are never shown again)");

        group.MapGet("/{id}", WebhookQueries.GetAsync)
            .WithName("GetWebhook")
            .WithSummary("One webhook subscription");

        group.MapDelete("/{id}", WebhookQueries.DeleteAsync)
            .WithName("DeleteWebhook")
            .WithSummary("Delete a subscription: nothing more is sent to it");

        group.MapPatch("/{id}", ChangeWebhook.PatchAsync)
            .WithName("UpdateWebhook")
            .WithSummary("Change a subscription's url, events or active state (the url is checked as on creation)");

        group.MapPost("/{id}/rotate-secret", ChangeWebhook.RotateSecretAsync)
            .WithName("RotateWebhookSecret")
            .WithSummary("A new signing secret, shown once; the replaced one keeps signing beside it for ?grace= seconds (default 24 h)");

        group.MapGet("/{id}/deliveries", WebhookDeliveries.ListAsync)
            .WithName("ListWebhookDeliveries")
            .WithSummary("Deliveries of a subscription, newest first: status, attempts, last error, next attempt");

        group.MapPost("/{id}/deliveries/{deliveryId}/replay", WebhookDeliveries.ReplayAsync)
            .WithName("ReplayWebhookDelivery")
            .WithSummary("Send a delivery again (same event id and payload), due now");

        return group;
    }
}
