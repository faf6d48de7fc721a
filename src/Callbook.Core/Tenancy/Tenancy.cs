namespace Callbook.Tenancy;

/// <summary>The stream a request works in, with the account and org that own it.</summary>
public sealed record StreamScope(string StreamId, string AccountId, string OrgId);

/// <summary>Who makes a change: the user owning the app, and the app's actor id.</summary>
public sealed record Actor(string UserId, string AppActorId);

/// <summary>
/// A JWT client. Secrets are in clear here and encrypted in the database (see <see cref="ISecretProtector"/>).
/// After a rotation the previous secret still verifies tokens until <see cref="PreviousSecretExpiresAt"/>.
/// Null rate limits mean the configured defaults.
/// </summary>
public sealed record App(
    string ClientId,
    string ActorId,
    string AccountId,
    string UserId,
    string Name,
    string Secret,
    bool AllowHs512,
    bool EnforceJti,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RevokedAt,
    string? PreviousSecret = null,
    DateTimeOffset? PreviousSecretExpiresAt = null,
    int? RatePerMinute = null,
    int? RatePerHour = null)
{
    public bool IsRevoked => RevokedAt is not null;
}

/// <summary>
/// A stream as seen by one app: where it lives, whether the app may configure it, and its default
/// country code ("+46", or null) that reads a caller lookup's national number.
/// </summary>
public sealed record StreamAccess(string StreamId, string AccountId, string OrgId, bool HasConfigurationScope, string? DefaultCountryCode = null);

/// <summary>A stream as the CLI lists it; <see cref="DefaultCountryCode"/> is "+46" or null.</summary>
public sealed record StreamInfo(string StreamId, string AccountId, string Name, DateTimeOffset CreatedAt, string? DefaultCountryCode = null);

/// <summary>What <c>callbook init</c> and the demo bootstrap create.</summary>
public sealed record TenantSetup(
    string OrgId,
    string AccountId,
    string StreamId,
    string UserId,
    string ClientId,
    string ActorId,
    string ClientSecret);

public static class Scopes
{
    public const string Configuration = "Configuration";
}
