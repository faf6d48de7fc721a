using Callbook.Tenancy;

namespace Callbook.Stores;

/// <summary>
/// What authentication reads and writes on every request of the public API: the calling app, its
/// access to the stream in the URL, and the replay check of a token id. The request path depends on
/// nothing else of tenancy; operators work through <see cref="ITenancyStore"/>.
/// </summary>
public interface IAuthStore
{
    /// <summary>The app with that client id, secrets decrypted; null when unknown (a revoked app is returned, marked revoked).</summary>
    Task<App?> FindAppAsync(string clientId, CancellationToken cancellationToken);

    /// <summary>The stream and whether <paramref name="clientId"/> holds the Configuration scope on it; null when unknown.</summary>
    Task<StreamAccess?> FindStreamAccessAsync(string streamId, string clientId, CancellationToken cancellationToken);

    /// <summary>Records a token id (the JWT <c>jti</c>, RFC 7519 §4.1.7) until it expires; false when it was already used and has not expired.</summary>
    Task<bool> TryUseTokenIdAsync(string clientId, string jti, DateTimeOffset expiresAt, CancellationToken cancellationToken);
}

/// <summary>
/// Orgs, accounts, streams, users and apps as an operator manages them (the CLI, the demo bootstrap,
/// the history reader's actor names): across tenants, named by id. A change made here is seen by
/// <see cref="IAuthStore"/> of the same process at once.
/// </summary>
public interface ITenancyStore
{
    /// <summary>Creates an org, account, stream, user and an app holding the Configuration scope on that stream.</summary>
    Task<TenantSetup> CreateTenantAsync(string name, CancellationToken cancellationToken);

    /// <summary>The demo bootstrap: creates a tenant only when the database has no account yet, atomically (several nodes may start at once); null otherwise.</summary>
    Task<TenantSetup?> CreateFirstTenantAsync(string name, CancellationToken cancellationToken);

    /// <summary>The org owning an account; null when the account is unknown.</summary>
    Task<string?> FindAccountOrgAsync(string accountId, CancellationToken cancellationToken);

    /// <summary>The stream with its account and org, as a tenant-scoped store call takes it; null when unknown.</summary>
    Task<StreamScope?> FindStreamScopeAsync(string streamId, CancellationToken cancellationToken);

    /// <summary>Creates a stream; <paramref name="defaultCountryCode"/> is a checked "+46" or null.</summary>
    Task<StreamInfo> CreateStreamAsync(string accountId, string name, string? defaultCountryCode, CancellationToken cancellationToken);

    /// <summary>Sets (or, with null, removes) a stream's default country code; false when the stream is unknown.</summary>
    Task<bool> SetDefaultCountryCodeAsync(string streamId, string? defaultCountryCode, CancellationToken cancellationToken);

    /// <summary>Streams of one account, or of every account when null, oldest first.</summary>
    Task<IReadOnlyList<StreamInfo>> ListStreamsAsync(string? accountId, CancellationToken cancellationToken);

    /// <summary>Creates an app (and its owning user) in an account, granting Configuration on the given streams of that account.</summary>
    Task<App> CreateAppAsync(NewApp app, CancellationToken cancellationToken);

    /// <summary>Apps of one account, or of every account when null, oldest first. Secrets are not decrypted: <see cref="App.Secret"/> is empty and <see cref="App.PreviousSecret"/> null.</summary>
    Task<IReadOnlyList<App>> ListAppsAsync(string? accountId, CancellationToken cancellationToken);

    /// <summary>Grants a scope on a stream of the app's own account; false when either is unknown or they differ in account.</summary>
    Task<bool> GrantScopeAsync(string clientId, string streamId, string scope, CancellationToken cancellationToken);

    /// <summary>Revokes an app: its tokens are refused from then on; false when the app is unknown.</summary>
    Task<bool> RevokeAppAsync(string clientId, CancellationToken cancellationToken);

    /// <summary>Replaces the secret, keeping the current one valid until <paramref name="previousValidUntil"/>; false when the app is unknown.</summary>
    Task<bool> RotateSecretAsync(string clientId, string secret, DateTimeOffset previousValidUntil, CancellationToken cancellationToken);

    /// <summary>Replaces an RS app's public key, keeping the current one valid until <paramref name="previousValidUntil"/>; false when no RS app has that id.</summary>
    Task<bool> RotatePublicKeyAsync(string clientId, string publicKeyPem, DateTimeOffset previousValidUntil, CancellationToken cancellationToken);

    /// <summary>Sets the app's own rate limits (null: the configured default); false when the app is unknown.</summary>
    Task<bool> SetRateLimitsAsync(string clientId, int? perMinute, int? perHour, CancellationToken cancellationToken);
}

/// <summary>
/// An app to create. HS apps carry a <see cref="Secret"/>; RS apps an empty one and their
/// <see cref="PublicKey"/>; apps that take JWE tokens their <see cref="JwePrivateKey"/> (see <see cref="App"/>).
/// </summary>
public sealed record NewApp(string AccountId, string Name, string Secret, bool AllowHs512, bool EnforceJti, IReadOnlyList<string> StreamIds)
{
    public string Algorithm { get; init; } = JwtAlgorithms.Hs256;

    public string? PublicKey { get; init; }

    public string? JwePrivateKey { get; init; }

    public bool EnforceJwe { get; init; }
}
