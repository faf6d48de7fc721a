namespace Callbook.Storage;

/// <summary>One configured database: its stores plus start-up and health operations.</summary>
public interface ICallbookDatabase : IAsyncDisposable
{
    /// <summary>"sqlite" or "postgres".</summary>
    string Kind { get; }

    IContactStore Contacts { get; }

    ITenancyStore Tenancy { get; }

    IIdempotencyStore Idempotency { get; }

    /// <summary>Webhook subscriptions and their outbox of deliveries.</summary>
    IWebhookStore Webhooks { get; }
    /// <summary>Web console users and their grants.</summary>
    IConsoleUserStore ConsoleUsers { get; }

    /// <summary>A random secret of this installation, created on first use and shared by every node (e.g. the cursor signing key).</summary>
    Task<byte[]> GetOrCreateSecretAsync(string name, CancellationToken cancellationToken);

    /// <summary>Applies pending versioned migrations; forward-only.</summary>
    Task MigrateAsync(CancellationToken cancellationToken);

    /// <summary>True when a trivial query succeeds.</summary>
    Task<bool> PingAsync(CancellationToken cancellationToken);
}
