using Callbook.Storage;

namespace Callbook.Hosting;

/// <summary>
/// Which database every command uses and where its key ring is, resolved once from configuration:
/// <c>--db</c> (as <c>Callbook:Db</c>), then <c>Callbook:Db</c> from appsettings.json or
/// <c>Callbook__Db</c>, then <c>CALLBOOK_DB</c>, then the SQLite file <c>callbook.db</c> in
/// <see cref="DefaultDataDirectory"/>. A relative <c>sqlite:</c> path is made absolute against the
/// working directory once, so logs and messages always name the full path. The read standbys come
/// from <c>--db-read</c> (as <c>Callbook:DbRead</c>), then <c>Callbook:DbRead</c> / <c>Callbook__DbRead</c>,
/// then <c>CALLBOOK_DB_READ</c>.
/// </summary>
/// <param name="Value">The location to open: <c>sqlite:/absolute/path</c> or the PostgreSQL URL / connection string.</param>
/// <param name="SqlitePath">The full path of the SQLite file; null on PostgreSQL.</param>
/// <param name="KeysPath">The full path of the Data Protection key ring folder.</param>
/// <param name="Existed">False when the SQLite file did not exist before this process looked (opening it creates it).</param>
public sealed record DatabaseLocation(string Value, string? SqlitePath, string KeysPath, bool Existed)
{
    /// <summary>The database file's name in the data directory.</summary>
    public const string DefaultFileName = "callbook.db";

    /// <summary>What to print: "SQLite file /full/path" or "PostgreSQL database db on host:port" (never a password).</summary>
    public string Description => CallbookDatabases.Describe(Value);

    /// <summary>The PostgreSQL standbys contact reads go to (an Npgsql multi-host connection string); null: reads use <see cref="Value"/>.</summary>
    public string? Standbys { get; init; }

    /// <summary>What to print for <see cref="Standbys"/>: "PostgreSQL database db on standby1,standby2" (never a password); null without standbys.</summary>
    public string? StandbysDescription => Standbys is null ? null : CallbookDatabases.Describe(Standbys);

    /// <summary>
    /// Resolves the configured location; throws <see cref="ArgumentException"/> for a value that names
    /// no database (an empty one included: it never means the default), and for standbys that are
    /// empty or do not fit it (<see cref="CallbookDatabases.CheckLocations"/>).
    /// </summary>
    public static DatabaseLocation Resolve(IConfiguration configuration)
    {
        var configured = configuration["Callbook:Db"] ?? configuration["CALLBOOK_DB"];
        if (configured is not null && string.IsNullOrWhiteSpace(configured))
        {
            // Typically --db "$DB" with DB unset: falling back to the default file would put the data somewhere nobody meant.
            throw new ArgumentException("the database location is empty (--db, Callbook__Db or CALLBOOK_DB set to nothing): name one, sqlite:<path> or postgres://…, or leave it out for the default");
        }
        var value = configured is null ? "sqlite:" + Path.Combine(DefaultDataDirectory(), DefaultFileName) : configured.Trim();
        string? sqlitePath = null;
        if (value.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase))
        {
            var path = value["sqlite:".Length..];
            if (path.Length == 0)
            {
                throw new ArgumentException("the database location 'sqlite:' names no file: use sqlite:<path>");
            }
            sqlitePath = Path.GetFullPath(path);
            value = "sqlite:" + sqlitePath;
        }
        else
        {
            CallbookDatabases.Describe(value);   // throws ArgumentException for anything else
        }
        var configuredStandbys = configuration["Callbook:DbRead"] ?? configuration["CALLBOOK_DB_READ"];
        if (configuredStandbys is not null && string.IsNullOrWhiteSpace(configuredStandbys))
        {
            throw new ArgumentException("the read standby location is empty (--db-read, Callbook__DbRead or CALLBOOK_DB_READ set to nothing): name the standbys, or leave it out to read on the primary");
        }
        var standbys = configuredStandbys?.Trim();
        CallbookDatabases.CheckLocations(value, standbys);
        var keys = configuration["Callbook:KeysPath"] ?? configuration["CALLBOOK_KEYS"]
            ?? Path.Combine(sqlitePath is null ? DefaultDataDirectory() : Path.GetDirectoryName(sqlitePath)!, "keys");
        return new DatabaseLocation(value, sqlitePath, Path.GetFullPath(keys), sqlitePath is null || File.Exists(sqlitePath)) { Standbys = standbys };
    }

    /// <summary>
    /// The per-user data directory: <c>callbook</c> under the platform's local application data
    /// folder (<c>$XDG_DATA_HOME/callbook</c>, else <c>~/.local/share/callbook</c> on Linux;
    /// <c>%LOCALAPPDATA%\callbook</c> on Windows). Independent of the working directory.
    /// </summary>
    public static string DefaultDataDirectory()
    {
        var root = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        if (string.IsNullOrEmpty(root))
        {
            throw new ArgumentException("no home directory to keep the database in (HOME is not set): pass --db sqlite:<path> or set CALLBOOK_DB");
        }
        return Path.Combine(root, "callbook");
    }
}
