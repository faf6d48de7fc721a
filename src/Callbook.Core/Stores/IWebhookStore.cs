using Callbook.Contacts;
using Callbook.Tenancy;
using Callbook.Webhooks;

namespace Callbook.Stores;

/// <summary>
/// One stream's webhook subscriptions and their deliveries, as its API callers see them: every call
/// takes the caller's <see cref="StreamScope"/>, and a subscription of another stream is simply not found. The outbox rows
/// themselves are written by <see cref="IContactStore"/>, in the transaction of each change. The
/// dispatcher works through <see cref="IWebhookDispatchStore"/>, operators through <see cref="IWebhookOperatorStore"/>.
/// </summary>
public interface IWebhookStore
{
    /// <summary>Creates a subscription; null when the stream already has <paramref name="maxPerStream"/> of them.</summary>
    Task<WebhookSubscription?> CreateWebhookAsync(StreamScope scope, NewWebhook webhook, int maxPerStream, CancellationToken cancellationToken);

    /// <summary>The live subscriptions of a stream, oldest first.</summary>
    Task<IReadOnlyList<WebhookSubscription>> ListWebhooksAsync(StreamScope scope, CancellationToken cancellationToken);

    /// <summary>A live subscription of the stream; null when unknown, deleted or of another stream.</summary>
    Task<WebhookSubscription?> FindWebhookAsync(StreamScope scope, string id, CancellationToken cancellationToken);

    /// <summary>Changes a subscription's URL, events or active state (null leaves a field as it is); null when the subscription is not in the stream.</summary>
    Task<WebhookSubscription?> UpdateWebhookAsync(StreamScope scope, string id, WebhookChange change, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the signing secret with <paramref name="protectedSecret"/>; the secret it replaces is kept
    /// as the previous one until <paramref name="previousUntil"/> (deliveries are signed with both until
    /// then). Null when the subscription is not in the stream.
    /// </summary>
    Task<WebhookSubscription?> RotateSecretAsync(StreamScope scope, string id, string protectedSecret, DateTimeOffset previousUntil, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes a subscription of the stream: nothing more is queued or sent for it, and its deliveries
    /// are purged in the background. False when unknown.
    /// </summary>
    Task<bool> DeleteWebhookAsync(StreamScope scope, string id, CancellationToken cancellationToken);

    /// <summary>Deliveries of a subscription, newest first; null when the subscription is not in the stream.</summary>
    Task<DeliveryPage?> ListDeliveriesAsync(StreamScope scope, string webhookId, DeliveryQuery query, CancellationToken cancellationToken);

    /// <summary>Queues a delivery again, due now, with a fresh retry window; null when not found.</summary>
    Task<WebhookDelivery?> ReplayDeliveryAsync(StreamScope scope, string webhookId, long deliveryId, CancellationToken cancellationToken);
}

/// <param name="ProtectedSecret">The signing secret as <see cref="Tenancy.ISecretProtector.Protect"/> returned it.</param>
public sealed record NewWebhook(string Url, WebhookEventTypes Events, string ProtectedSecret);

/// <summary>A subscription of a stream.</summary>
/// <param name="Active">False while paused: no event is queued for it and nothing pending is sent.</param>
/// <param name="PreviousProtectedSecret">The secret the last rotation replaced, while its grace period lasts (see <see cref="PreviousSecretUntil"/>).</param>
/// <param name="PreviousSecretUntil">Until when deliveries are signed with the previous secret as well.</param>
public sealed record WebhookSubscription(
    string Id,
    string StreamId,
    string Url,
    WebhookEventTypes Events,
    string ProtectedSecret,
    DateTimeOffset CreatedAt,
    bool Active = true,
    string? PreviousProtectedSecret = null,
    DateTimeOffset? PreviousSecretUntil = null)
{
    /// <summary>The previous secret when its grace period has not ended at <paramref name="now"/>.</summary>
    public string? PreviousSecretAt(DateTimeOffset now) => PreviousSecretUntil > now ? PreviousProtectedSecret : null;
}

/// <summary>What a PATCH changes: each field null when it stays.</summary>
public sealed record WebhookChange(string? Url, WebhookEventTypes? Events, bool? Active);

public enum DeliveryStatus
{
    Pending,
    Delivered,
    Failed,
}

/// <summary>One event for one subscription: the change that brought <see cref="ContactId"/> to <see cref="Version"/>.</summary>
/// <param name="QueuedAt">When the delivery was queued (or replayed): the retry window starts here.</param>
/// <param name="NextAttemptAt">When a pending delivery is due.</param>
/// <param name="CompletedAt">When it was delivered or abandoned.</param>
public sealed record WebhookDelivery(
    long Id,
    string WebhookId,
    string StreamId,
    string ContactId,
    long Version,
    string EventType,
    DateTimeOffset OccurredAt,
    DeliveryStatus Status,
    int Attempts,
    DateTimeOffset QueuedAt,
    DateTimeOffset NextAttemptAt,
    string? LastError,
    int? LastStatusCode,
    DateTimeOffset? CompletedAt)
{
    public string EventId => WebhookEvents.EventId(ContactId, Version);
}

/// <param name="Before">Only deliveries with a smaller id (keyset paging, newest first).</param>
public sealed record DeliveryQuery(DeliveryStatus? Status, long? Before, int Limit);

public sealed record DeliveryPage(IReadOnlyList<WebhookDelivery> Deliveries, bool HasMore);

/// <summary>What one attempt came to, or a claimed delivery given back unsent.</summary>
/// <param name="Status">Delivered; Failed when abandoned; Pending to retry at <see cref="NextAttemptAt"/>.</param>
/// <param name="Attempted">False for a delivery released without a POST: attempts and last error stay as they were.</param>
public sealed record DeliveryOutcome(long Id, DeliveryStatus Status, DateTimeOffset NextAttemptAt, int? StatusCode, string? Error, bool Attempted = true)
{
    /// <summary>Gives a claimed delivery back unsent, due when it was.</summary>
    public static DeliveryOutcome Release(WebhookDelivery delivery) =>
        new(delivery.Id, DeliveryStatus.Pending, delivery.NextAttemptAt, null, null, Attempted: false);
}

/// <summary>Who holds claimed deliveries and for how long.</summary>
public sealed record DeliveryLease(string Node, TimeSpan Duration);

public sealed record ContactVersionRef(string ContactId, long Version);

/// <param name="Newest">The contact's newest history rows, oldest first.</param>
public sealed record ContactChangeSource(Contact Current, IReadOnlyList<HistoryEntry> Newest);
