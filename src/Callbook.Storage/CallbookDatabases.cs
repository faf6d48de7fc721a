using Callbook.Storage.Postgres;
using Callbook.Storage.Sqlite;
using Callbook.Stores;

namespace Callbook.Storage;

/// <summary>Opens the database named by <c>--db</c> / <c>CALLBOOK_DB</c>, and its read standbys (<c>--db-read</c> / <c>CALLBOOK_DB_READ</c>).</summary>
public static class CallbookDatabases
{
    /// <param name="location"><c>sqlite:&lt;path&gt;</c>, a <c>postgres://</c> URL or an Npgsql connection string; the executable resolves the default.</param>
    /// <param name="clock">The time source of every store.</param>
    /// <param name="secrets">Encrypts app secrets at rest; pass-through when absent (tests and tools without the key ring).</param>
    /// <param name="standbys">PostgreSQL standbys for the contact reads (an Npgsql multi-host connection string); null: reads use the database itself.</param>
    /// <param name="loggers">Where a store logs what it cannot answer with (upkeep after a committed write); none when null.</param>
    /// <exception cref="ArgumentException">The location names no database, or the standbys do not fit it (see <see cref="CheckLocations"/>).</exception>
    public static ICallbookDatabase Open(string location, TimeProvider clock, Callbook.Tenancy.ISecretProtector? secrets = null, string? standbys = null,
        Microsoft.Extensions.Logging.ILoggerFactory? loggers = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(location);
        location = location.Trim();
        CheckLocations(location, standbys);
        if (location.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase))
        {
            return SqliteDatabase.Open(location["sqlite:".Length..], clock, secrets ?? Callbook.Tenancy.PassThroughSecrets.Instance);
        }
        if (PostgresLocation.IsPostgres(location))
        {
            return PostgresDatabase.Open(location, clock, secrets ?? Callbook.Tenancy.PassThroughSecrets.Instance, standbys?.Trim(), loggers);
        }
        throw new ArgumentException($"unknown database location '{Redact(location)}': expected sqlite:<path> or postgres://…");
    }

    /// <summary>
    /// What a location names, safe to print: "SQLite file /data/callbook.db" or "PostgreSQL database
    /// callbook on db.example.com:5432" (never the user or password).
    /// </summary>
    /// <exception cref="ArgumentException">The location names no database.</exception>
    public static string Describe(string location)
    {
        location = location.Trim();
        if (location.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase))
        {
            return "SQLite file " + location["sqlite:".Length..];
        }
        if (PostgresLocation.IsPostgres(location))
        {
            var builder = new Npgsql.NpgsqlConnectionStringBuilder(PostgresLocation.ToConnectionString(location));
            var port = builder.Host is { } host && host.Contains(',', StringComparison.Ordinal) ? "" : ":" + builder.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return $"PostgreSQL database {builder.Database ?? builder.Username ?? "(default)"} on {builder.Host}{port}";
        }
        throw new ArgumentException($"unknown database location '{Redact(location)}': expected sqlite:<path> or postgres://…");
    }

    /// <summary>
    /// Refuses, before anything is opened, a pair of locations that cannot work: a PostgreSQL primary
    /// listing several hosts without <c>Target Session Attributes=primary</c> (or <c>read-write</c>),
    /// standbys beside a SQLite database, standbys that name no PostgreSQL database, another database
    /// than the primary's, or ask for a primary (Target Session Attributes=primary or read-write).
    /// </summary>
    /// <exception cref="ArgumentException">One line saying what to change; never a password.</exception>
    public static void CheckLocations(string location, string? standbys)
    {
        location = location.Trim();
        if (PostgresLocation.IsPostgres(location))
        {
            PostgresLocation.Primary(location);
        }
        if (standbys is null)
        {
            return;
        }
        if (!PostgresLocation.IsPostgres(location))
        {
            throw new ArgumentException($"--db-read names PostgreSQL standbys, but the database is the {Describe(location)}: read standbys need PostgreSQL (remove --db-read or CALLBOOK_DB_READ)");
        }
        var read = new Npgsql.NpgsqlConnectionStringBuilder(PostgresLocation.Standbys(standbys.Trim()));
        if (read.TargetSessionAttributes?.Replace("-", "", StringComparison.Ordinal).ToLowerInvariant() is "primary" or "readwrite")
        {
            throw new ArgumentException($"--db-read says Target Session Attributes={read.TargetSessionAttributes}, so reads would never reach a standby: " +
                "leave it out (prefer-standby) or say standby");
        }
        // A streaming standby holds the primary's databases under the same names; another name is another database.
        var primary = new Npgsql.NpgsqlConnectionStringBuilder(PostgresLocation.Primary(location));
        var (written, readFrom) = (primary.Database ?? primary.Username, read.Database ?? read.Username);
        if (!string.Equals(written, readFrom, StringComparison.Ordinal))
        {
            throw new ArgumentException($"--db-read names database {readFrom ?? "(none)"} but --db names {written ?? "(none)"}: a standby serves the primary's database under the same name");
        }
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
