using System.Diagnostics.CodeAnalysis;
using Callbook.Contacts.WriteModel;
using Callbook.Storage.Sql;
using Microsoft.Data.Sqlite;

namespace Callbook.Storage.Sqlite.Internal;

/// <summary>The writer connection inside one transaction.</summary>
internal sealed class WriteTransaction(SqliteConnection connection, SqliteTransaction transaction)
{
    public bool RollbackRequested { get; private set; }

    public void RequestRollback() => RollbackRequested = true;

    /// <summary>The counter changes of this transaction, added by <see cref="SqliteDatabase.WriteAsync"/> just before it commits.</summary>
    public ContactCounters Counters { get; } = new();

    /// <summary>Adds <paramref name="change"/> to the stream's contact counters when the transaction commits.</summary>
    public void Count(string streamId, ContactCounts change) => Counters.Count(streamId, change);

    [SuppressMessage("Security", "CA2100", Justification = "Callers pass constant SQL of this assembly; every value goes through parameters.")]
    public SqliteCommand Command(string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }
}
