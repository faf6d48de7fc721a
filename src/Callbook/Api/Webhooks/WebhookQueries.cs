using Callbook.Api.Auth;
using Callbook.Api.Errors;
using Callbook.Api.Json;
using Callbook.Stores;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Callbook.Api.Webhooks;

/// <summary>GET /webhooks, GET /webhooks/{id} and DELETE /webhooks/{id}.</summary>
public static class WebhookQueries
{
    public static async Task<JsonOk<WebhookList>> ListAsync(Caller caller, IWebhookStore store, CancellationToken cancellationToken)
    {
        var webhooks = await store.ListWebhooksAsync(caller.Scope, cancellationToken);
        return new JsonOk<WebhookList>(new WebhookList([.. webhooks.Select(w => WebhookResponse.From(w))]), CallbookJson.Context.WebhookList);
    }

    public static async Task<Results<JsonOk<WebhookResponse>, NotFoundError>> GetAsync(WebhookId id, Caller caller, IWebhookStore store, CancellationToken cancellationToken)
    {
        return await store.FindWebhookAsync(caller.Scope, id, cancellationToken) is { } webhook
            ? new JsonOk<WebhookResponse>(WebhookResponse.From(webhook), CallbookJson.Context.WebhookResponse)
            : WebhookResults.NotFound(id);
    }

    /// <summary>Nothing more is queued or sent for it; its deliveries are purged in the background.</summary>
    public static async Task<Results<NoContent, NotFoundError>> DeleteAsync(WebhookId id, Caller caller, IWebhookStore store, CancellationToken cancellationToken)
    {
        return await store.DeleteWebhookAsync(caller.Scope, id, cancellationToken) ? TypedResults.NoContent() : WebhookResults.NotFound(id);
    }
}
