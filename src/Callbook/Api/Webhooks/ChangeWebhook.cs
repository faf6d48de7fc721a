using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Callbook.Api.Auth;
using Callbook.Api.Errors;
using Callbook.Api.Json;
using Callbook.Api.Requests;
using Callbook.Dispatch;
using Callbook.Errors;
using Callbook.Stores;
using Callbook.Tenancy;
using Callbook.Webhooks;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Callbook.Api.Webhooks;

/// <summary>PATCH /webhooks/{id} (url, events, active) and POST /webhooks/{id}/rotate-secret.</summary>
public static class ChangeWebhook
{
    /// <summary>Longest grace period a rotation may ask for.</summary>
    public static readonly TimeSpan MaxGrace = TimeSpan.FromDays(30);

    /// <summary>Changes what the body names; the URL is checked as on creation. 200 with the subscription.</summary>
    public static async Task<Results<JsonOk<WebhookResponse>, NotFoundError>> PatchAsync(WebhookId id, WebhookPatchBody body, Caller caller, IWebhookStore store, CancellationToken cancellationToken)
    {
        var change = body.Change;
        return await store.UpdateWebhookAsync(caller.Scope, id, change, cancellationToken) is { } changed
            ? new JsonOk<WebhookResponse>(WebhookResponse.From(changed), CallbookJson.Context.WebhookResponse)
            : WebhookResults.NotFound(id);
    }

    /// <summary>
    /// A new signing secret, shown in this answer only. The replaced secret keeps signing deliveries
    /// (beside the new one) for <c>?grace=</c> seconds, by default <see cref="WebhookOptions.SecretRotationGrace"/>;
    /// <c>?grace=0</c> drops it at once (a leaked secret).
    /// </summary>
    public static async Task<Results<JsonOk<WebhookResponse>, NotFoundError>> RotateSecretAsync(WebhookId id, [AsParameters] RotationQuery query, Caller caller, IWebhookStore store, ISecretProtector protector,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var grace = query.GraceValue;
        var secret = WebhookSignature.NewSecret();
        var until = DateTimeOffset.FromUnixTimeMilliseconds((clock.GetUtcNow() + grace).ToUnixTimeMilliseconds());
        return await store.RotateSecretAsync(caller.Scope, id, protector.Protect(secret), until, cancellationToken) is { } rotated
            ? new JsonOk<WebhookResponse>(WebhookResponse.From(rotated, secret, clock.GetUtcNow()), CallbookJson.Context.WebhookResponse)
            : WebhookResults.NotFound(id);
    }
}

/// <summary>The query of a secret rotation, checked before the handler runs (400 <c>INVALID_QUERY_PARAMETER</c>).</summary>
public sealed class RotationQuery : IRequestPart
{
    [FromQuery(Name = "grace"), Range(0, 30 * 24 * 3600),
     Description("Seconds the replaced secret keeps signing deliveries beside the new one, 0 to 2592000 (30 days); by default the server's Callbook:Webhooks:SecretRotationGrace (24 h). 0 drops it at once (a leaked secret).")]
    public StringValues? Grace { get; init; }

    /// <summary>The grace period (read).</summary>
    public TimeSpan GraceValue { get; private set; }

    public ValueTask<ErrorResult?> ReadAsync(HttpContext context, CancellationToken cancellationToken)
    {
        GraceValue = context.RequestServices.GetRequiredService<IOptions<WebhookOptions>>().Value.SecretRotationGrace;
        if (Grace is { Count: > 0 } text)
        {
            if (text.Count > 1 || !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > ChangeWebhook.MaxGrace.TotalSeconds)
            {
                return ValueTask.FromResult<ErrorResult?>(ApiResults.BadRequest(
                    $"grace must be a number of seconds from 0 to {ChangeWebhook.MaxGrace.TotalSeconds:0}", ErrorCodes.InvalidQuery, "grace"));
            }
            GraceValue = TimeSpan.FromSeconds(seconds);
        }
        return ValueTask.FromResult<ErrorResult?>(null);
    }
}
