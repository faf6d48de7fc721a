using Callbook.Api.Auth;
using Callbook.Api.Json;
using Callbook.Stores;

namespace Callbook.Api.Webhooks;

/// <summary>GET /webhooks, GET /webhooks/{id} and DELETE /webhooks/{id}.</summary>
public static class WebhookQueries
{
    public static async Task<IResult> ListAsync(Caller caller, IWebhookStore store, CancellationToken cancellationToken)
    {
        var webhooks = await store.ListWebhooksAsync(caller.Scope, cancellationToken);
        return Results.Json(new WebhookList([.. webhooks.Select(w => WebhookResponse.From(w))]), CallbookJson.Context.WebhookList, contentType: "application/json");
    }

    public static async Task<IResult> GetAsync(string id, Caller caller, IWebhookStore store, CancellationToken cancellationToken)
    {
        if (!WebhookResults.IsValidId(id))
        {
            return WebhookResults.InvalidId();
        }
        return await store.FindWebhookAsync(caller.Scope, id, cancellationToken) is { } webhook
            ? Results.Json(WebhookResponse.From(webhook), CallbookJson.Context.WebhookResponse, contentType: "application/json")
            : WebhookResults.NotFound(id);
    }

    /// <summary>Nothing more is queued or sent for it; its deliveries are purged in the background.</summary>
    public static async Task<IResult> DeleteAsync(string id, Caller caller, IWebhookStore store, CancellationToken cancellationToken)
    {
        if (!WebhookResults.IsValidId(id))
        {
            return WebhookResults.InvalidId();
        }
        return await store.DeleteWebhookAsync(caller.Scope, id, cancellationToken) ? Results.NoContent() : WebhookResults.NotFound(id);
    }
}
