using Callbook.Api.Json;
using Callbook.Stores;
using Callbook.Webhooks;

namespace Callbook.Api.Webhooks;

/// <summary>A webhook subscription of a stream.</summary>
/// <param name="Id">wh- and a UUID.</param>
/// <param name="Events">The event types sent.</param>
/// <param name="CreatedAt">UTC, ISO 8601 with milliseconds.</param>
/// <param name="Active">False while paused.</param>
/// <param name="Secret">The signing secret: in the answer to POST /webhooks and to rotate-secret only, never again.</param>
/// <param name="PreviousSecretExpiresAt">In the answer to rotate-secret: until when deliveries are signed with the replaced secret too.</param>
public sealed record WebhookResponse(
    string Id,
    string StreamId,
    string Url,
    IReadOnlyList<string> Events,
    string CreatedAt,
    bool Active,
    string? Secret = null,
    string? PreviousSecretExpiresAt = null)
{
    /// <param name="now">Given after a rotation: shows when the replaced secret stops signing, if it still does.</param>
    public static WebhookResponse From(WebhookSubscription webhook, string? secret = null, DateTimeOffset? now = null) =>
        new(webhook.Id, webhook.StreamId, webhook.Url, WebhookEvents.ToNames(webhook.Events), ContactResponse.Timestamp(webhook.CreatedAt), webhook.Active, secret,
            now is { } at && webhook.PreviousSecretAt(at) is not null ? ContactResponse.Timestamp(webhook.PreviousSecretUntil!.Value) : null);
}

/// <summary>The live webhook subscriptions of a stream, oldest first.</summary>
public sealed record WebhookList(IReadOnlyList<WebhookResponse> Results);

/// <summary>One event for one subscription, and how sending it went.</summary>
/// <param name="Id">The delivery id (for replay).</param>
/// <param name="EventId">The event's id, as sent in the payload and in Callbook-Event-Id.</param>
/// <param name="Type">contact.created, contact.updated, contact.deleted, contact.restored or contact.erased.</param>
/// <param name="Status">pending, delivered or failed (abandoned after the retry window).</param>
/// <param name="Attempts">POSTs made so far.</param>
/// <param name="OccurredAt">When the change was made.</param>
/// <param name="NextAttemptAt">When a pending delivery is due.</param>
/// <param name="LastError">Why the last attempt failed: an HTTP status, a timeout, a connection error.</param>
/// <param name="LastStatusCode">The receiver's last HTTP status.</param>
/// <param name="CompletedAt">When it was delivered or abandoned.</param>
public sealed record DeliveryResponse(
    long Id,
    string EventId,
    string Type,
    string ContactId,
    string Status,
    int Attempts,
    string OccurredAt,
    string? NextAttemptAt,
    string? LastError,
    int? LastStatusCode,
    string? CompletedAt)
{
    public static DeliveryResponse From(WebhookDelivery d) => new(
        d.Id, d.EventId, d.EventType, d.ContactId, StatusName(d.Status), d.Attempts, ContactResponse.Timestamp(d.OccurredAt),
        d.Status == DeliveryStatus.Pending ? ContactResponse.Timestamp(d.NextAttemptAt) : null,
        d.LastError, d.LastStatusCode, d.CompletedAt is { } completed ? ContactResponse.Timestamp(completed) : null);

    public static string StatusName(DeliveryStatus status) => status switch
    {
        DeliveryStatus.Delivered => "delivered",
        DeliveryStatus.Failed => "failed",
        _ => "pending",
    };
}

/// <summary>A page of deliveries, newest first.</summary>
/// <param name="NextCursor">Present when hasMore: pass as ?cursor= for the next page.</param>
public sealed record DeliveryList(IReadOnlyList<DeliveryResponse> Results, int Limit, bool HasMore, string? NextCursor);
