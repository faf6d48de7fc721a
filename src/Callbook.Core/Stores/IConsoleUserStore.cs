using Callbook.Tenancy;

namespace Callbook.Stores;

/// <summary>
/// People who sign in to the web console, and what they may see: a grant names an account (every
/// stream of it) or one stream of an account. Emails are stored lower-cased.
/// </summary>
public interface IConsoleUserStore
{
    /// <summary>Creates a user; null when the email is taken.</summary>
    Task<ConsoleUser?> CreateUserAsync(string email, string passwordHash, CancellationToken cancellationToken);

    Task<ConsoleUser?> FindUserByEmailAsync(string email, CancellationToken cancellationToken);

    /// <summary>The user by <c>u-…</c> id; null when unknown or removed. Read on every console request (the session check).</summary>
    Task<ConsoleUser?> FindUserByIdAsync(string userId, CancellationToken cancellationToken);

    /// <summary>
    /// Stores a new password hash, clears any lock-out and gives the user a new security stamp, which
    /// ends every session signed in before; returns the new stamp, null when the user is unknown.
    /// </summary>
    Task<string?> SetPasswordAsync(string userId, string passwordHash, CancellationToken cancellationToken);

    /// <summary>Clears a lock-out and the failure count; false when the user is unknown.</summary>
    Task<bool> UnlockAsync(string userId, CancellationToken cancellationToken);

    /// <summary>Deletes the user and their grants: their sessions end at their next request. False when unknown.</summary>
    Task<bool> RemoveUserAsync(string userId, CancellationToken cancellationToken);

    Task<IReadOnlyList<ConsoleUser>> ListUsersAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Counts a failed sign-in in one statement; the <paramref name="maxAttempts"/>-th failure in a row
    /// locks the user until <paramref name="lockedUntil"/>, gives them a new security stamp (their open
    /// sessions end) and starts the count again.
    /// </summary>
    Task RecordFailedSignInAsync(string userId, int maxAttempts, DateTimeOffset lockedUntil, CancellationToken cancellationToken);

    /// <summary>A successful sign-in clears the failure count (and stores a rehashed password when given).</summary>
    Task RecordSignInAsync(string userId, string? newPasswordHash, CancellationToken cancellationToken);

    /// <summary>Grants an account, or one stream of it; false when the user, account or stream is unknown or the stream is in another account.</summary>
    Task<bool> GrantAsync(string userId, string accountId, string? streamId, CancellationToken cancellationToken);

    Task<IReadOnlyList<ConsoleGrant>> ListGrantsAsync(string userId, CancellationToken cancellationToken);

    /// <summary>The streams the user may see, by account then creation.</summary>
    Task<IReadOnlyList<ConsoleStream>> ListStreamsAsync(string userId, CancellationToken cancellationToken);

    /// <summary>The stream's scope when the user may see it; null when unknown or not granted (the two look the same).</summary>
    Task<ConsoleStream?> FindStreamAsync(string userId, string streamId, CancellationToken cancellationToken);
}

/// <summary>A console user. <see cref="Id"/> is a <c>u-…</c> id: the user id recorded on the changes they make.</summary>
/// <param name="SecurityStamp">Carried by each session; a new password, a reset or a lock-out changes it, ending the sessions signed in before.</param>
public sealed record ConsoleUser(
    string Id,
    string Email,
    string PasswordHash,
    int FailedAttempts,
    DateTimeOffset? LockedUntil,
    DateTimeOffset CreatedAt,
    string SecurityStamp = "");

/// <summary>Access to an account: every stream of it when <see cref="StreamId"/> is null, else that stream only.</summary>
public sealed record ConsoleGrant(string AccountId, string? StreamId);

/// <summary>A stream a console user may open; <see cref="DefaultCountryCode"/> ("+46") reads national numbers typed in it.</summary>
public sealed record ConsoleStream(string StreamId, string AccountId, string OrgId, string Name, string? DefaultCountryCode = null)
{
    public StreamScope Scope => new(StreamId, AccountId, OrgId);
}
