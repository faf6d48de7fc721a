using Callbook.Storage.Postgres;
using Callbook.Storage.Sqlite;

namespace Callbook.Storage;

/// <summary>Opens the database named by <c>--db</c> / <c>CALLBOOK_DB</c>.</summary>
public static class CallbookDatabases
{
    public const string DefaultLocation = "sqlite:./data/callbook.db";

    /// <param name="secrets">Encrypts app secrets at rest; pass-through when absent (tests and tools without the key ring).</param>
    public static ICallbookDatabase Open(string? location, TimeProvider clock, Callbook.Tenancy.ISecretProtector? secrets = null)
    {
        location = string.IsNullOrWhiteSpace(location) ? DefaultLocation : location.Trim();
        if (location.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase))
        {
            return SqliteDatabase.Open(location["sqlite:".Length..], clock, secrets ?? Callbook.Tenancy.PassThroughSecrets.Instance);
        }
        if (PostgresLocation.IsPostgres(location))
        {
            return PostgresDatabase.Open(location, clock, secrets ?? Callbook.Tenancy.PassThroughSecrets.Instance);
        }
        throw new ArgumentException($"unknown database location '{Redact(location)}': expected sqlite:<path> or postgres://…");
    }

    /// <summary>True for a postgres:// or postgresql:// URL or an Npgsql connection string.</summary>
    public static bool IsPostgres(string location) => PostgresLocation.IsPostgres(location);

    /// <summary>A location safe to print: any password is masked.</summary>
    public static string Redact(string location)
    {
        var at = location.IndexOf('@', StringComparison.Ordinal);
        var scheme = location.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0 && at > scheme)
        {
            var colon = location.IndexOf(':', scheme + 3);
            if (colon > 0 && colon < at)
            {
                return string.Concat(location.AsSpan(0, colon + 1), "***", location.AsSpan(at));
            }
        }
        return location.Contains("Password=", StringComparison.OrdinalIgnoreCase) ? "(connection string)" : location;
    }
}
