using System.Security.Claims;
using Callbook.Stores;

namespace Callbook.WebConsole;

/// <summary>
/// Checks an email and password. Five failures in a row lock the user for fifteen minutes; while
/// locked even the right password is refused. An unknown email costs the same hashing work as a
/// known one, so timing does not tell which emails exist.
/// </summary>
public sealed class ConsoleSignIn(IConsoleUserStore users, TimeProvider clock, ILogger<ConsoleSignIn> logger)
{
    public const int MaxFailures = 5;
    public static readonly TimeSpan LockOut = TimeSpan.FromMinutes(15);

    private static readonly ConsoleUser Nobody = new("u-none", "", ConsolePasswords.Hash(Guid.NewGuid().ToString()), 0, null, DateTimeOffset.UnixEpoch);

    /// <summary>
    /// Changes the signed-in user's own password after checking the current one (a wrong one counts as
    /// a failed sign-in, so the form cannot be used to guess). Returns the new session principal, or
    /// the outcome that refused it.
    /// </summary>
    public async Task<(SignInOutcome Outcome, ClaimsPrincipal? Principal)> ChangePasswordAsync(string userId, string current, string replacement, CancellationToken cancellationToken)
    {
        var user = await users.FindUserByIdAsync(userId, cancellationToken);
        if (user is null || user.LockedUntil > clock.GetUtcNow())
        {
            return (SignInOutcome.LockedOut, null);
        }
        if (!ConsolePasswords.Verify(user, current, out _))
        {
            await users.RecordFailedSignInAsync(user.Id, MaxFailures, clock.GetUtcNow() + LockOut, cancellationToken);
            logger.LogWarning("Console password change refused for {UserId}: wrong current password", user.Id);
            return (user.FailedAttempts + 1 >= MaxFailures ? SignInOutcome.LockedOut : SignInOutcome.WrongPassword, null);
        }
        var stamp = await users.SetPasswordAsync(user.Id, ConsolePasswords.Hash(replacement), cancellationToken);
        if (stamp is null)
        {
            return (SignInOutcome.LockedOut, null);
        }
        logger.LogInformation("Console password changed by {UserId}; other sessions end", user.Id);
        return (SignInOutcome.SignedIn, ConsoleSessions.Principal(user, stamp));
    }

    public async Task<(SignInOutcome Outcome, ClaimsPrincipal? Principal)> CheckAsync(string email, string password, CancellationToken cancellationToken)
    {
        var user = await users.FindUserByEmailAsync(email.Trim(), cancellationToken);
        var now = clock.GetUtcNow();
        if (user?.LockedUntil > now)
        {
            logger.LogWarning("Console sign-in refused for {UserId}: locked", user.Id);
            return (SignInOutcome.LockedOut, null);
        }
        var ok = ConsolePasswords.Verify(user ?? Nobody, password, out var rehash);
        if (user is null || !ok)
        {
            if (user is not null)
            {
                await users.RecordFailedSignInAsync(user.Id, MaxFailures, now + LockOut, cancellationToken);
                logger.LogWarning("Console sign-in failed for {UserId}", user.Id);
                if (user.FailedAttempts + 1 >= MaxFailures)
                {
                    return (SignInOutcome.LockedOut, null);
                }
            }
            return (SignInOutcome.WrongPassword, null);
        }
        await users.RecordSignInAsync(user.Id, rehash, cancellationToken);
        logger.LogInformation("Console sign-in of {UserId}", user.Id);
        return (SignInOutcome.SignedIn, ConsoleSessions.Principal(user, user.SecurityStamp));
    }
}

public enum SignInOutcome
{
    SignedIn,
    WrongPassword,
    LockedOut,
}
