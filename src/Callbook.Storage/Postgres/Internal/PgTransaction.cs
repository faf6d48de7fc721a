using System.Diagnostics.CodeAnalysis;
using Npgsql;

namespace Callbook.Storage.Postgres.Internal;

/// <summary>One pooled connection inside one transaction.</summary>
internal sealed class PgTransaction(NpgsqlConnection connection, NpgsqlTransaction transaction)
{
    public bool RollbackRequested { get; private set; }

    public void RequestRollback() => RollbackRequested = true;

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
