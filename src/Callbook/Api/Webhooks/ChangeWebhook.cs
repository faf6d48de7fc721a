using System.Globalization;
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

/// <summary>PATCH /webhooks/{id} (url, events, active) and POST /webhooks/{id}/rotate-secret.</summary>
public static class ChangeWebhook
{
    /// <summary>Longest grace period a rotation may ask for.</summary>
    public static readonly TimeSpan MaxGrace = TimeSpan.FromDays(30);

    /// <summary>Changes what the body names; the URL is checked as on creation. 200 with the subscription.</summary>
    public static async Task<IResult> PatchAsync(string id, HttpRequest request, Caller caller, IWebhookStore store, JsonBody body,
        WebhookAddressPolicy policy, CancellationToken cancellationToken)
    {
        if (!WebhookResults.IsValidId(id))
        {
            return WebhookResults.InvalidId();
        }
        var (document, error) = await body.ReadAsync(request, cancellationToken);
        if (error is not null)
        {
            return error;
        }
        using (document)
        {
            var errors = new List<ApiError>();
            var change = await WebhookBody.ReadAsync(document!.RootElement, patch: true, policy, errors, cancellationToken);
            if (errors.Count > 0)
            {
                return ApiResults.BadRequest(errors);
            }
            return await store.UpdateWebhookAsync(caller.Scope, id, change, cancellationToken) is { } changed
                ? Results.Json(WebhookResponse.From(changed), CallbookJson.Context.WebhookResponse, contentType: "application/json")
                : WebhookResults.NotFound(id);
        }
    }

    /// <summary>
    /// A new signing secret, shown in this answer only. The replaced secret keeps signing deliveries
    /// (beside the new one) for <c>?grace=</c> seconds, by default <see cref="WebhookOptions.SecretRotationGrace"/>;
    /// <c>?grace=0</c> drops it at once (a leaked secret).
    /// </summary>
    public static async Task<IResult> RotateSecretAsync(string id, HttpRequest request, Caller caller, IWebhookStore store, ISecretProtector protector,
        IOptions<WebhookOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!WebhookResults.IsValidId(id))
        {
            return WebhookResults.InvalidId();
        }
        var grace = options.Value.SecretRotationGrace;
        if (request.Query["grace"] is { Count: > 0 } text)
        {
            if (text.Count > 1 || !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > MaxGrace.TotalSeconds)
            {
                return ApiResults.Error(StatusCodes.Status400BadRequest, $"grace must be a number of seconds from 0 to {MaxGrace.TotalSeconds:0}", ErrorCodes.InvalidQuery, "grace");
            }
            grace = TimeSpan.FromSeconds(seconds);
        }
        var secret = WebhookSignature.NewSecret();
        var until = DateTimeOffset.FromUnixTimeMilliseconds((clock.GetUtcNow() + grace).ToUnixTimeMilliseconds());
        return await store.RotateSecretAsync(caller.Scope, id, protector.Protect(secret), until, cancellationToken) is { } rotated
            ? Results.Json(WebhookResponse.From(rotated, secret, clock.GetUtcNow()), CallbookJson.Context.WebhookResponse, contentType: "application/json")
            : WebhookResults.NotFound(id);
    }
}
