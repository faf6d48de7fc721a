using System.Diagnostics.CodeAnalysis;
using Microsoft.Data.Sqlite;

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

    public ValueTask DisposeAsync()
    {
        giveBack(this);
        return ValueTask.CompletedTask;
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
