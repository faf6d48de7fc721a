namespace Callbook.Stores;

/// <summary>
/// What an operator (the CLI, the metrics endpoint) does with webhooks across tenants: a subscription
/// is named by its id alone, whatever its stream.
/// </summary>
public interface IWebhookOperatorStore
{
    /// <summary>Changes any live subscription (see <see cref="IWebhookStore.UpdateWebhookAsync"/>); null when no live subscription has that id.</summary>
    Task<WebhookSubscription?> UpdateAnyWebhookAsync(string id, WebhookChange change, CancellationToken cancellationToken);

    /// <summary>Rotates any live subscription's secret (see <see cref="IWebhookStore.RotateSecretAsync"/>); null when no live subscription has that id.</summary>
    Task<WebhookSubscription?> RotateAnySecretAsync(string id, string protectedSecret, DateTimeOffset previousUntil, CancellationToken cancellationToken);

    /// <summary>Deletes any live subscription (see <see cref="IWebhookStore.DeleteWebhookAsync"/>); false when no live subscription has that id.</summary>
    Task<bool> DeleteAnyWebhookAsync(string id, CancellationToken cancellationToken);

    /// <summary>Deliveries not yet sent, all subscriptions: the backlog /metrics reports.</summary>
    Task<long> CountPendingDeliveriesAsync(CancellationToken cancellationToken);
}
