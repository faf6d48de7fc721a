using System.Security.Claims;
using Callbook.Stores;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Callbook.WebConsole;

/// <summary>
/// Console sessions. The cookie carries the user's id and security stamp; on every request the user is
/// read again (one primary-key read, not cached: console traffic is human-paced, and a cache would let a
/// removed user act until it expired) and the session ends when the user is gone, locked out, or their
/// stamp differs: a new password, a reset or a lock-out changes the stamp, so every session signed in
/// before stops at its next request. Cookies from before stamps existed carry none and end too.
/// </summary>
public static class ConsoleSessions
{
    public const string StampClaim = "callbook:stamp";

    /// <summary>The principal a sign-in (or a password change) stores in the cookie.</summary>
    public static ClaimsPrincipal Principal(ConsoleUser user, string stamp) => new(new ClaimsIdentity(
        [new Claim(ClaimTypes.NameIdentifier, user.Id), new Claim(ClaimTypes.Name, user.Email), new Claim(StampClaim, stamp)], ConsoleSetup.Scheme));

    /// <summary>The cookie handler's per-request check.</summary>
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var userId = context.Principal?.FindFirstValue(ClaimTypes.NameIdentifier);
        var stamp = context.Principal?.FindFirstValue(StampClaim);
        var user = userId is null || stamp is null
            ? null
            : await services.GetRequiredService<IConsoleUserStore>().FindUserByIdAsync(userId, context.HttpContext.RequestAborted);
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        if (user is null || !string.Equals(user.SecurityStamp, stamp, StringComparison.Ordinal) || user.LockedUntil > now)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(ConsoleSetup.Scheme);
        }
    }
}
