namespace Callbook.Stores;

/// <summary>
/// The webhook dispatcher's side of the outbox, across every tenant: find what is due, lease it,
/// record outcomes, and purge what is finished. The one place where the backends' strategies really
/// differ (PostgreSQL skips rows other nodes hold; SQLite has one writer), so each backend has its own.
/// </summary>
public interface IWebhookDispatchStore
{
    /// <summary>Live, active subscriptions with a delivery that is due and not leased.</summary>
    Task<IReadOnlyList<WebhookSubscription>> FindDueWebhooksAsync(CancellationToken cancellationToken);

    /// <summary>
    /// In one transaction: records the outcomes of deliveries this node leased (ignored when the lease
    /// was lost), then leases up to <paramref name="claim"/> due deliveries of the subscription. A
    /// delivery is due when no earlier change of the same contact is still pending for the
    /// subscription, so each contact's events go out in order. Leased rows are skipped by other
    /// nodes until the lease ends.
    /// </summary>
    Task<IReadOnlyList<WebhookDelivery>> CompleteAndClaimAsync(string webhookId, IReadOnlyList<DeliveryOutcome> outcomes, int claim, DeliveryLease lease, CancellationToken cancellationToken);

    /// <summary>The current state and newest history of contacts, enough to rebuild each at the given version (see <see cref="Callbook.Contacts.ContactVersions"/>).</summary>
    Task<IReadOnlyDictionary<string, ContactChangeSource>> LoadChangesAsync(string streamId, IReadOnlyList<ContactVersionRef> wanted, CancellationToken cancellationToken);

    /// <summary>Deletes up to <paramref name="batch"/> finished deliveries older than <paramref name="finishedBefore"/> and deliveries of deleted subscriptions; returns how many.</summary>
    Task<int> PurgeAsync(DateTimeOffset finishedBefore, int batch, CancellationToken cancellationToken);
}
