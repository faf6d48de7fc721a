using Callbook.Stores;
using Microsoft.AspNetCore.Identity;

namespace Callbook.WebConsole;

/// <summary>Console passwords, hashed with ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/> (PBKDF2, salted, versioned).</summary>
public static class ConsolePasswords
{
    public const int MinLength = 8;

    private static readonly PasswordHasher<ConsoleUser> Hasher = new();

    public static string Hash(string password) => Hasher.HashPassword(null!, password);

    /// <summary>True when the password matches; <paramref name="rehash"/> is a fresh hash when the stored one uses older parameters.</summary>
    public static bool Verify(ConsoleUser user, string password, out string? rehash)
    {
        rehash = null;
        switch (Hasher.VerifyHashedPassword(user, user.PasswordHash, password))
        {
            case PasswordVerificationResult.Success:
                return true;
            case PasswordVerificationResult.SuccessRehashNeeded:
                rehash = Hash(password);
                return true;
            default:
                return false;
        }
    }
}
