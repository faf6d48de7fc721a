using System.Diagnostics.CodeAnalysis;
using Callbook.Contacts.WriteModel;
using Callbook.Storage.Sql;
using Npgsql;

namespace Callbook.Storage.Postgres.Internal;

/// <summary>One pooled connection inside one transaction.</summary>
internal sealed class PgTransaction(NpgsqlConnection connection, NpgsqlTransaction transaction)
{
    public bool RollbackRequested { get; private set; }

    public void RequestRollback() => RollbackRequested = true;

    /// <summary>The counter changes of this transaction, added by <see cref="PostgresDatabase.WriteAsync"/> just before it commits.</summary>
    public ContactCounters Counters { get; } = new();

    /// <summary>Adds <paramref name="change"/> to the stream's contact counters when the transaction commits.</summary>
    public void Count(string streamId, ContactCounts change) => Counters.Count(streamId, change);

    [SuppressMessage("Security", "CA2100", Justification = "Callers pass constant SQL of this assembly; every value goes through parameters.")]
    public NpgsqlCommand Command(string sql) => new(sql, connection, transaction);

    /// <summary>Several statements sent in one round trip, run in order.</summary>
    public NpgsqlBatch Batch(params NpgsqlBatchCommand[] commands)
    {
        var batch = new NpgsqlBatch(connection, transaction);
        foreach (var command in commands)
        {
            batch.BatchCommands.Add(command);
        }
        return batch;
    }
}
