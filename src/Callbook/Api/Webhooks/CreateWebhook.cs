using Callbook.Api.Auth;
using Callbook.Api.Contacts;
using Callbook.Api.Errors;
using Callbook.Api.Json;
using Callbook.Dispatch;
using Callbook.Errors;
using Callbook.Stores;
using Callbook.Tenancy;
using Callbook.Webhooks;
using Microsoft.Extensions.Options;

namespace Callbook.Api.Webhooks;

/// <summary>POST /webhooks: a subscription with a new signing secret, shown in this answer only.</summary>
public static class CreateWebhook
{
    public static async Task<IResult> HandleAsync(HttpRequest request, Caller caller, IWebhookStore store, ISecretProtector protector,
        JsonBody body, IOptions<WebhookOptions> options, WebhookAddressPolicy policy, CancellationToken cancellationToken)
    {
        var (document, error) = await body.ReadAsync(request, cancellationToken);
        if (error is not null)
        {
            return error;
        }
        using (document)
        {
            var errors = new List<ApiError>();
            var (url, events, _) = await WebhookBody.ReadAsync(document!.RootElement, patch: false, policy, errors, cancellationToken);
            if (errors.Count > 0)
            {
                return ApiResults.BadRequest(errors);
            }
            var secret = WebhookSignature.NewSecret();
            var max = options.Value.MaxPerStream;
            var created = await store.CreateWebhookAsync(caller.Scope, new NewWebhook(url!, events!.Value, protector.Protect(secret)), max, cancellationToken);
            if (created is null)
            {
                return ApiResults.Error(StatusCodes.Status409Conflict, $"the stream already has {max} webhooks; delete one first", ErrorCodes.LimitReached);
            }
            request.HttpContext.Response.Headers.Location = $"{request.PathBase}{request.Path}/{created.Id}";
            return Results.Json(WebhookResponse.From(created, secret), CallbookJson.Context.WebhookResponse, contentType: "application/json", statusCode: StatusCodes.Status201Created);
        }
    }
}
