using Callbook.Tenancy;
using Microsoft.AspNetCore.DataProtection;

namespace Callbook.Hosting;

/// <summary>
/// Secrets at rest with ASP.NET Core Data Protection. The key ring lives in a folder of its own
/// (<see cref="KeyRing"/>: next to the SQLite file by default, <c>Callbook:KeysPath</c> /
/// <c>CALLBOOK_KEYS</c> to move it), so a copy of the database alone cannot mint a valid token.
/// Several nodes share one key ring folder.
/// </summary>
public sealed class DataProtectionSecrets(IDataProtectionProvider provider) : ISecretProtector
{
    private const string Prefix = "dp1:";
    private readonly IDataProtector protector = provider.CreateProtector("Callbook.Secrets.v1");

    public string Protect(string secret) => Prefix + protector.Protect(secret);

    /// <summary>Decrypts; a value written before encryption was switched on (no prefix) is returned as it is.</summary>
    public string Unprotect(string stored) => stored.StartsWith(Prefix, StringComparison.Ordinal) ? protector.Unprotect(stored[Prefix.Length..]) : stored;
}
