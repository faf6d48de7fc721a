namespace Callbook.Tenancy;

/// <summary>The stream a request works in, with the account and org that own it.</summary>
public sealed record StreamScope(string StreamId, string AccountId, string OrgId);

/// <summary>Who makes a change: the user owning the app, and the app's actor id.</summary>
public sealed record Actor(string UserId, string AppActorId);

/// <summary>
/// A JWT client. Secrets are in clear here and encrypted in the database (see <see cref="ISecretProtector"/>).
/// After a rotation the previous secret still verifies tokens until <see cref="PreviousSecretExpiresAt"/>.
/// Null rate limits mean the configured defaults. An app signs with the <see cref="Algorithm"/> it
/// was created with: HS apps with <see cref="Secret"/>, RS apps with the private half of
/// <see cref="PublicKey"/> (their <see cref="Secret"/> is empty).
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

    /// <summary>The signing algorithm chosen at creation (<see cref="JwtAlgorithms.Signing"/>); HS256 apps may also allow HS512.</summary>
    public string Algorithm { get; init; } = JwtAlgorithms.Hs256;

    /// <summary>RS apps: the registered public key (SubjectPublicKeyInfo PEM); null for HS apps.</summary>
    public string? PublicKey { get; init; }

    /// <summary>RS apps, after a key rotation: the previous public key, which verifies tokens until <see cref="PreviousPublicKeyExpiresAt"/>.</summary>
    public string? PreviousPublicKey { get; init; }

    public DateTimeOffset? PreviousPublicKeyExpiresAt { get; init; }

    /// <summary>Apps that take JWE tokens: Callbook's private key for them (PKCS#8 PEM, in clear here, encrypted at rest); null otherwise.</summary>
    public string? JwePrivateKey { get; init; }

    /// <summary>Only JWE tokens are accepted (plain signed ones are refused); requires <see cref="JwePrivateKey"/>.</summary>
    public bool EnforceJwe { get; init; }

    /// <summary>The <c>alg</c> values this app's signed tokens may carry: its own, and HS512 where an HS256 app allows it.</summary>
    public IReadOnlyList<string> SigningAlgorithms => Algorithm == JwtAlgorithms.Hs256 && AllowHs512
        ? [JwtAlgorithms.Hs256, JwtAlgorithms.Hs512]
        : [Algorithm];
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
    string ClientSecret)
{
    /// <summary>The stream created, as tenant-scoped store calls take it.</summary>
    public StreamScope Scope => new(StreamId, AccountId, OrgId);
}

public static class Scopes
{
    public const string Configuration = "Configuration";
}
