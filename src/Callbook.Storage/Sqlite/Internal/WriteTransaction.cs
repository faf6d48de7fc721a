using Microsoft.Data.Sqlite;

namespace Callbook.Storage.Sqlite.Internal;

/// <summary>The writer connection inside one transaction.</summary>
internal sealed class WriteTransaction(SqliteConnection connection, SqliteTransaction transaction)
{
    public bool RollbackRequested { get; private set; }

    public void RequestRollback() => RollbackRequested = true;

    public SqliteCommand Command(string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }
}
