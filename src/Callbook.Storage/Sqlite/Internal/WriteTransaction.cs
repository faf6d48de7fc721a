using System.Diagnostics.CodeAnalysis;
using Microsoft.Data.Sqlite;

namespace Callbook.Storage.Sqlite.Internal;

/// <summary>The writer connection inside one transaction.</summary>
internal sealed class WriteTransaction(SqliteConnection connection, SqliteTransaction transaction)
{
    public bool RollbackRequested { get; private set; }

    public void RequestRollback() => RollbackRequested = true;

    [SuppressMessage("Security", "CA2100", Justification = "Callers pass constant SQL of this assembly; every value goes through parameters.")]
    public SqliteCommand Command(string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }
}
