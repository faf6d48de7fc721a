using Npgsql;

namespace Callbook.Storage.Postgres;

/// <summary>Reads <c>--db</c> values that name a PostgreSQL database.</summary>
internal static class PostgresLocation
{
    /// <summary>A <c>postgres://</c> or <c>postgresql://</c> URL, or an Npgsql connection string (it has <c>Host=</c>).</summary>
    public static bool IsPostgres(string location) =>
        IsUrl(location) || location.Contains("Host=", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The Npgsql connection string for <c>postgres://user:pass@host:port/db?sslmode=require</c>
    /// (user, password and database URL-decoded; query parameters are connection string keywords)
    /// or for a connection string, which is returned normalised.
    /// </summary>
    public static string ToConnectionString(string location)
    {
        if (!IsUrl(location))
        {
            return new NpgsqlConnectionStringBuilder(location).ConnectionString;
        }
        if (!Uri.TryCreate(location, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new ArgumentException($"'{CallbookDatabases.Redact(location)}' is not a valid postgres://user:password@host:port/database URL" +
                (location.Contains(',', StringComparison.Ordinal) ? " (a URL names one host: write several as a connection string, Host=db1,db2;Username=…;Database=…)" : ""));
        }
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.DnsSafeHost,
            Port = uri.IsDefaultPort || uri.Port <= 0 ? NpgsqlConnection.DefaultPort : uri.Port,
        };
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            }
        }
        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length > 0)
        {
            builder.Database = database;
        }
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..]);
            builder[LibpqKeywords.GetValueOrDefault(key.ToLowerInvariant(), key)] = value;
        }
        return builder.ConnectionString;
    }

    /// <summary>
    /// The connection string of <c>--db</c>, the database every write goes to. When it lists several
    /// hosts it must ask for the primary (<c>Target Session Attributes=primary</c> or <c>read-write</c>):
    /// Npgsql would otherwise connect to whichever host answers first, a standby included.
    /// </summary>
    /// <exception cref="ArgumentException">Several hosts without such a Target Session Attributes.</exception>
    public static string Primary(string location)
    {
        var connectionString = ToConnectionString(location);
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.Host?.Contains(',', StringComparison.Ordinal) == true &&
            builder.TargetSessionAttributes?.Replace("-", "", StringComparison.Ordinal).ToLowerInvariant() is not ("primary" or "readwrite"))
        {
            throw new ArgumentException($"--db lists several hosts ({builder.Host}) without Target Session Attributes=primary, so writes could reach a standby: " +
                "add Target Session Attributes=primary (or read-write) to it, and name read standbys with --db-read");
        }
        return connectionString;
    }

    /// <summary>
    /// The connection string of <c>--db-read</c>, the standbys reads go to: <c>Target Session
    /// Attributes=prefer-standby</c> and <c>Load Balance Hosts=true</c> unless it says otherwise.
    /// </summary>
    /// <exception cref="ArgumentException">The value names no PostgreSQL database.</exception>
    public static string Standbys(string location)
    {
        if (!IsPostgres(location))
        {
            throw new ArgumentException($"--db-read '{CallbookDatabases.Redact(location)}' names no PostgreSQL standby: expected Host=standby1,standby2;… or postgres://…");
        }
        var connectionString = ToConnectionString(location);
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (string.IsNullOrEmpty(builder.TargetSessionAttributes))
        {
            builder.TargetSessionAttributes = "prefer-standby";
        }
        if (!connectionString.Contains("Load Balance Hosts", StringComparison.OrdinalIgnoreCase))
        {
            builder.LoadBalanceHosts = true;
        }
        return builder.ConnectionString;
    }

    // The libpq spellings people copy from other tools' URLs.
    private static readonly Dictionary<string, string> LibpqKeywords = new(StringComparer.Ordinal)
    {
        ["sslmode"] = "SSL Mode",
        ["connect_timeout"] = "Timeout",
        ["application_name"] = "Application Name",
        ["target_session_attrs"] = "Target Session Attributes",
    };

    private static bool IsUrl(string location) =>
        location.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) ||
        location.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase);
}
