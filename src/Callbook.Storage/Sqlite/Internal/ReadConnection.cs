using System.Diagnostics.CodeAnalysis;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Callbook.Storage.Sqlite.Internal;

/// <summary>
/// A read-only connection lent by <see cref="SqliteDatabase"/> and given back on dispose. It keeps
/// its prepared statements: SQLite parses a statement once per connection, not once per request
/// (parsing was a quarter of a caller lookup's CPU time).
/// </summary>
internal sealed class ReadConnection(SqliteConnection connection, Action<ReadConnection> giveBack) : IAsyncDisposable
{
    private const int MaxStatements = 64;
    private readonly Dictionary<string, SqliteCommand> statements = new(StringComparer.Ordinal);

    public SqliteConnection Connection => connection;

    /// <summary>A command for one use, disposed by the caller.</summary>
    public SqliteCommand CreateCommand() => connection.CreateCommand();

    public SqliteTransaction BeginTransaction(bool deferred) => connection.BeginTransaction(deferred);

    /// <summary>The prepared statement for <paramref name="sql"/>, parameters cleared; owned by this connection, not to be disposed.</summary>
    [SuppressMessage("Security", "CA2100", Justification = "Callers pass SQL built from constant fragments; every value goes through parameters.")]
    public SqliteCommand Prepared(string sql, SqliteTransaction? transaction = null)
    {
        if (!statements.TryGetValue(sql, out var command))
        {
            if (statements.Count >= MaxStatements)
            {
                Forget();
            }
            command = connection.CreateCommand();
            command.CommandText = sql;
            // Without Prepare, Microsoft.Data.Sqlite parses the text again at every execution.
            command.Prepare();
            statements[sql] = command;
        }
        command.Parameters.Clear();
        command.Transaction = transaction;
        return command;
    }

    private int leased;

    /// <summary>Marks the connection lent out; <see cref="DisposeAsync"/> gives it back once per lease.</summary>
    public ReadConnection Lease()
    {
        Volatile.Write(ref leased, 1);
        return this;
    }

    /// <summary>Gives the connection back; a second dispose of the same lease does nothing (so a connection is never lent to two requests at once).</summary>
    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref leased, 0) == 1)
        {
            giveBack(this);
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// True when the connection holds no read snapshot: it is in autocommit mode (no transaction
    /// open) and none of its statements has been stepped without being reset. Either would keep the
    /// WAL snapshot it began with, and the next request lent this connection would read old data.
    /// </summary>
    public bool HoldsNoSnapshot()
    {
        var handle = connection.Handle;
        if (handle is null || raw.sqlite3_get_autocommit(handle) == 0)
        {
            return false;
        }
        for (var statement = raw.sqlite3_next_stmt(handle, null); statement is not null; statement = raw.sqlite3_next_stmt(handle, statement))
        {
            if (raw.sqlite3_stmt_busy(statement) != 0)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Closes the connection for good (the pool is full or the database is closing).</summary>
    public void Close()
    {
        Forget();
        connection.Dispose();
    }

    private void Forget()
    {
        foreach (var command in statements.Values)
        {
            command.Dispose();
        }
        statements.Clear();
    }
}
