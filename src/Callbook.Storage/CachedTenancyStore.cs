using System.Collections.Concurrent;
using Callbook.Storage.Sql;
using Callbook.Stores;
using Callbook.Tenancy;

namespace Callbook.Storage;

/// <summary>
/// Keeps what authentication reads on every request (the app, and a stream's access for an app)
/// for at most <see cref="Lifetime"/>, so a request does not pay two queries and a secret
/// decryption. Every change made through this store (revoke, rotate a secret or key, grant, limits, new apps and
/// streams) empties the cache at once; a change made by another process (the CLI, another node)
/// is seen within <see cref="Lifetime"/>. Unknown apps and streams are never cached.
/// </summary>
internal sealed class CachedTenancyStore(SqlTenancyStore inner, TimeProvider clock) : IAuthStore, ITenancyStore
{
    /// <summary>The bound on how long another process's change (e.g. `callbook apps revoke`) can go unseen.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMilliseconds(100);

    private const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, Entry<App>> apps = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string StreamId, string ClientId), Entry<StreamAccess>> streams = new();
    private long generation;

    public Task<App?> FindAppAsync(string clientId, CancellationToken cancellationToken) =>
        GetAsync(apps, clientId, () => inner.FindAppAsync(clientId, cancellationToken));

    public Task<StreamAccess?> FindStreamAccessAsync(string streamId, string clientId, CancellationToken cancellationToken) =>
        GetAsync(streams, (streamId, clientId), () => inner.FindStreamAccessAsync(streamId, clientId, cancellationToken));

    public Task<bool> TryUseTokenIdAsync(string clientId, string jti, DateTimeOffset expiresAt, CancellationToken cancellationToken) =>
        inner.TryUseTokenIdAsync(clientId, jti, expiresAt, cancellationToken);

    public Task<TenantSetup> CreateTenantAsync(string name, CancellationToken cancellationToken) =>
        ChangeAsync(inner.CreateTenantAsync(name, cancellationToken));

    public Task<TenantSetup?> CreateFirstTenantAsync(string name, CancellationToken cancellationToken) =>
        ChangeAsync(inner.CreateFirstTenantAsync(name, cancellationToken));

    public Task<string?> FindAccountOrgAsync(string accountId, CancellationToken cancellationToken) => inner.FindAccountOrgAsync(accountId, cancellationToken);

    public Task<StreamScope?> FindStreamScopeAsync(string streamId, CancellationToken cancellationToken) => inner.FindStreamScopeAsync(streamId, cancellationToken);

    public Task<StreamInfo> CreateStreamAsync(string accountId, string name, string? defaultCountryCode, CancellationToken cancellationToken) =>
        ChangeAsync(inner.CreateStreamAsync(accountId, name, defaultCountryCode, cancellationToken));

    public Task<bool> SetDefaultCountryCodeAsync(string streamId, string? defaultCountryCode, CancellationToken cancellationToken) =>
        ChangeAsync(inner.SetDefaultCountryCodeAsync(streamId, defaultCountryCode, cancellationToken));

    public Task<IReadOnlyList<StreamInfo>> ListStreamsAsync(string? accountId, CancellationToken cancellationToken) => inner.ListStreamsAsync(accountId, cancellationToken);

    public Task<App> CreateAppAsync(NewApp app, CancellationToken cancellationToken) => ChangeAsync(inner.CreateAppAsync(app, cancellationToken));

    public Task<IReadOnlyList<App>> ListAppsAsync(string? accountId, CancellationToken cancellationToken) => inner.ListAppsAsync(accountId, cancellationToken);

    public Task<bool> GrantScopeAsync(string clientId, string streamId, string scope, CancellationToken cancellationToken) =>
        ChangeAsync(inner.GrantScopeAsync(clientId, streamId, scope, cancellationToken));

    public Task<bool> RevokeAppAsync(string clientId, CancellationToken cancellationToken) => ChangeAsync(inner.RevokeAppAsync(clientId, cancellationToken));

    public Task<bool> RotateSecretAsync(string clientId, string secret, DateTimeOffset previousValidUntil, CancellationToken cancellationToken) =>
        ChangeAsync(inner.RotateSecretAsync(clientId, secret, previousValidUntil, cancellationToken));

    public Task<bool> RotatePublicKeyAsync(string clientId, string publicKeyPem, DateTimeOffset previousValidUntil, CancellationToken cancellationToken) =>
        ChangeAsync(inner.RotatePublicKeyAsync(clientId, publicKeyPem, previousValidUntil, cancellationToken));

    public Task<bool> SetRateLimitsAsync(string clientId, int? perMinute, int? perHour, CancellationToken cancellationToken) =>
        ChangeAsync(inner.SetRateLimitsAsync(clientId, perMinute, perHour, cancellationToken));

    private async Task<TValue?> GetAsync<TKey, TValue>(ConcurrentDictionary<TKey, Entry<TValue>> cache, TKey key, Func<Task<TValue?>> load)
        where TKey : notnull
        where TValue : class
    {
        // Read the generation before the database: a change committed meanwhile makes this entry stale at once.
        var current = Volatile.Read(ref generation);
        if (cache.TryGetValue(key, out var hit) && hit.Generation == current && clock.GetElapsedTime(hit.LoadedAt) < Lifetime)
        {
            return hit.Value;
        }
        var loadedAt = clock.GetTimestamp();
        var value = await load();
        if (value is not null)
        {
            if (cache.Count >= MaxEntries)
            {
                cache.Clear();
            }
            cache[key] = new Entry<TValue>(value, loadedAt, current);
        }
        return value;
    }

    private async Task<T> ChangeAsync<T>(Task<T> change)
    {
        try
        {
            return await change;
        }
        finally
        {
            Interlocked.Increment(ref generation);
            apps.Clear();
            streams.Clear();
        }
    }

    private sealed record Entry<T>(T Value, long LoadedAt, long Generation);
}
