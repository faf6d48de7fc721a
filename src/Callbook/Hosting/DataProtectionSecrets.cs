using Callbook.Tenancy;
using Microsoft.AspNetCore.DataProtection;

namespace Callbook.Hosting;

/// <summary>
/// Secrets at rest with ASP.NET Core Data Protection. The key ring lives in a folder of its own
/// (next to the SQLite file by default, <c>Callbook:KeysPath</c> / <c>CALLBOOK_KEYS</c> to move it),
/// so a copy of the database alone cannot mint a valid token. Several nodes share one key ring folder.
/// </summary>
public sealed class DataProtectionSecrets(IDataProtectionProvider provider) : ISecretProtector
{
    private const string Prefix = "dp1:";
    private readonly IDataProtector protector = provider.CreateProtector("Callbook.Secrets.v1");

    public string Protect(string secret) => Prefix + protector.Protect(secret);

    /// <summary>Decrypts; a value written before encryption was switched on (no prefix) is returned as it is.</summary>
    public string Unprotect(string stored) => stored.StartsWith(Prefix, StringComparison.Ordinal) ? protector.Unprotect(stored[Prefix.Length..]) : stored;

    /// <summary>The key ring folder: configured, else beside the SQLite file, else ./data/keys.</summary>
    public static string KeysPath(IConfiguration configuration, string db) =>
        configuration["Callbook:KeysPath"] ?? configuration["CALLBOOK_KEYS"] ?? DefaultKeysPath(db);

    public static string DefaultKeysPath(string db) =>
        db.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase)
            ? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(db["sqlite:".Length..])) ?? ".", "keys")
            : Path.Combine(".", "data", "keys");

    /// <summary>For the CLI, which has no host: the same application name and folder as <c>serve</c>.</summary>
    public static DataProtectionSecrets ForFolder(string keysPath) =>
        new(DataProtectionProvider.Create(new DirectoryInfo(keysPath), b => b.SetApplicationName("Callbook")));
}
