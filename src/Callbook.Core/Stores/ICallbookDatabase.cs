namespace Callbook.Stores;

/// <summary>One configured database: its stores plus start-up and health operations.</summary>
public interface ICallbookDatabase : IAsyncDisposable
{
    /// <summary>"sqlite" or "postgres".</summary>
    string Kind { get; }

    IContactStore Contacts { get; }

    /// <summary>
    /// Where lookups, lists, search, exports and history read: on PostgreSQL with read standbys
    /// (<c>--db-read</c>) the standbys, or the primary while none answers; otherwise <see cref="Contacts"/> itself.
    /// </summary>
    IContactReads ContactReads { get; }

    /// <summary>Contacts across tenants: the operator's counts and the history retention sweep.</summary>
    IContactOperatorStore ContactOperations { get; }

    /// <summary>What authentication reads and writes on every request.</summary>
    IAuthStore Auth { get; }

    /// <summary>Tenants, streams and apps as operators manage them.</summary>
    ITenancyStore Tenancy { get; }

    IIdempotencyStore Idempotency { get; }

    /// <summary>A stream's webhook subscriptions and their deliveries.</summary>
    IWebhookStore Webhooks { get; }

    /// <summary>Webhook subscriptions by id across tenants, and the delivery backlog: the operator's view.</summary>
    IWebhookOperatorStore WebhookOperations { get; }

    /// <summary>The dispatcher's side of the outbox: due deliveries, leases, outcomes and purges.</summary>
    IWebhookDispatchStore WebhookDispatch { get; }

    /// <summary>Web console users and their grants.</summary>
    IConsoleUserStore ConsoleUsers { get; }

    /// <summary>A random secret of this installation, created on first use and shared by every node (e.g. the cursor signing key).</summary>
    Task<byte[]> GetOrCreateSecretAsync(string name, CancellationToken cancellationToken);

    /// <summary>Applies pending versioned migrations; forward-only.</summary>
    Task MigrateAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Active contacts of one stream that hold one line under two stored forms: the canonical holder and
    /// the contact the start-up upgrade left in its earlier form (docs/phones.md). Reads every active contact.
    /// </summary>
    Task<IReadOnlyList<PhoneCollision>> FindPhoneCollisionsAsync(CancellationToken cancellationToken);

    /// <summary>True when a trivial query succeeds.</summary>
    Task<bool> PingAsync(CancellationToken cancellationToken);
}

/// <summary>Two active contacts of a stream holding one line: <see cref="HolderId"/> has its canonical form, <see cref="ContactId"/> an earlier form of it.</summary>
public sealed record PhoneCollision(string StreamId, string HolderId, string ContactId);
