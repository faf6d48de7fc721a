using Callbook.Api.Auth;
using Callbook.Api.Errors;
using Callbook.Api.Json;
using Callbook.Dispatch;
using Callbook.Errors;
using Callbook.Stores;
using Callbook.Tenancy;
using Callbook.Webhooks;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Callbook.Api.Webhooks;

/// <summary>POST /webhooks: a subscription with a new signing secret, shown in this answer only.</summary>
public static class CreateWebhook
{
    public static async Task<Results<JsonCreated<WebhookResponse>, ConflictError>> HandleAsync(NewWebhookBody body, HttpRequest request, Caller caller, IWebhookStore store, ISecretProtector protector,
        IOptions<WebhookOptions> options, CancellationToken cancellationToken)
    {
        var (url, events) = (body.Url, body.Events);
        var secret = WebhookSignature.NewSecret();
        var max = options.Value.MaxPerStream;
        var created = await store.CreateWebhookAsync(caller.Scope, new NewWebhook(url!, events!.Value, protector.Protect(secret)), max, cancellationToken);
        if (created is null)
        {
            return ApiResults.Error<ConflictError>($"the stream already has {max} webhooks; delete one first", ErrorCodes.LimitReached);
        }
        request.HttpContext.Response.Headers.Location = $"{request.PathBase}{request.Path}/{created.Id}";
        return new JsonCreated<WebhookResponse>(WebhookResponse.From(created, secret), CallbookJson.Context.WebhookResponse);
    }
}
