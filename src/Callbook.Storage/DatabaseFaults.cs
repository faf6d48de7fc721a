using Microsoft.Data.Sqlite;
using Npgsql;

namespace Callbook.Storage;

/// <summary>
/// Tells a database that is momentarily unable to serve from a bug: the edge answers the first
/// with 503 and a <c>Retry-After</c>, the second with 500.
/// </summary>
public static class DatabaseFaults
{
    /// <summary>SQLITE_BUSY and SQLITE_LOCKED: another writer held the file past the busy timeout.</summary>
    private const int SqliteBusy = 5, SqliteLocked = 6;

    /// <summary>
    /// True when <paramref name="exception"/> says the database cannot take the request now, and a
    /// retry later may succeed: PostgreSQL out of connection slots (SQLSTATE class 53, e.g. 53300
    /// too_many_connections), starting up or shutting down (57P01–57P03), the transaction chosen
    /// as a deadlock's victim or failed for serialization (40P01, 40001: a write that the store
    /// does not run again by itself, such as an import, whose rows cannot be read twice; it was
    /// rolled back), a lock not obtained within <c>lock_timeout</c> (55P03), the pool's
    /// <c>Timeout</c> passed with every pooled connection in use, or the server unreachable (a
    /// transient <see cref="NpgsqlException"/>); SQLite busy or locked past its timeout.
    /// </summary>
    /// <param name="exception">An exception thrown while serving a request (inner exceptions are not searched).</param>
    public static bool IsUnavailable(Exception exception) => exception switch
    {
        PostgresException pg => pg.SqlState.StartsWith("53", StringComparison.Ordinal) ||
                                pg.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow
                                    or PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.LockNotAvailable,
        NpgsqlException npgsql => npgsql.IsTransient,
        SqliteException sqlite => sqlite.SqliteErrorCode is SqliteBusy or SqliteLocked,
        _ => false,
    };
}
