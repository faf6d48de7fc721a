using System.Text;
using Callbook.Contacts.WriteModel;
using Callbook.Storage.Postgres.Internal;
using Callbook.Storage.Sql;
using Callbook.Stores;
using Callbook.Tenancy;
using Npgsql;

namespace Callbook.Storage.Postgres;

/// <summary>
/// Contacts on PostgreSQL: erasure (tombstones) and history retention. PostgreSQL has no secure
/// delete: a deleted or updated row stays in the table file as a dead tuple until VACUUM marks its
/// space free, and its bytes until new rows overwrite that space. So after an erasure the touched
/// tables are vacuumed: no query, index or snapshot can reach the old values any more, and their
/// space is reused first. VACUUM does not zero the bytes, and WAL segments and base backups keep
/// them until they are recycled or expire (docs/reliability.md says what an operator can add).
/// </summary>
internal sealed partial class PostgresContactStore
{
    private const string LockOneSql =
        "SELECT " + ContactRows.Columns + " FROM contacts WHERE id = @id AND stream_id = @stream FOR UPDATE";

    private const string SelectTombstonesSql =
        "SELECT " + TombstoneRows.Columns + " FROM erased_contacts WHERE stream_id = @stream AND id = ANY(@ids)";

    // Deliveries go (they would rebuild the contact), history keeps who and when, a stored
    // idempotent answer naming the contact is replaced, the row goes and the tombstone comes.
    private const string EraseSql =
        "WITH deliveries AS (DELETE FROM webhook_deliveries WHERE stream_id = @stream AND contact_id = @id), " +
        "history AS (UPDATE contact_history SET changes = '[]' WHERE stream_id = @stream AND contact_id = @id), " +
        "answers AS (UPDATE idempotency_keys SET status = @gone_status, content_type = @gone_type, body = @gone_body " +
        "WHERE stream_id = @stream AND state = 'done' AND position(@needle IN body) > 0), " +
        "removed AS (DELETE FROM contacts WHERE id = @id AND stream_id = @stream) " +
        "INSERT INTO erased_contacts (" + TombstoneRows.Columns + ") " +
        "VALUES (@id, @stream, @version, @created_at, @created_by, @created_by_aid, @now, @user, @app)";

    // SKIP_LOCKED: the erasure's answer never waits for another session's lock (an anti-wraparound
    // autovacuum, a CREATE INDEX CONCURRENTLY); a table skipped is vacuumed by autovacuum later.
    private const string VacuumSql = "VACUUM (SKIP_LOCKED) contacts, contact_history, webhook_deliveries, idempotency_keys";

    // One node purges at a time; the others find the lock taken and skip this round.
    private const long PurgeLockKey = 0x43616C6C626F6F6C;

    private const string PurgeHistorySql =
        "DELETE FROM contact_history WHERE seq IN (SELECT seq FROM contact_history ORDER BY seq LIMIT @batch) AND at < @before";

    public async Task<EraseResult> EraseContactAsync(StreamScope scope, Actor actor, string id, IdempotentAnswer erasedAnswer, CancellationToken cancellationToken)
    {
        var result = await database.WriteAsync(async tx =>
        {
            // Waits for idempotent answers of the stream being stored now, so the UPDATE below sees them.
            await ErasureLock.TakeAsync(tx, scope.StreamId, shared: false, cancellationToken);
            var contact = await LockOneAsync(tx, scope, id, cancellationToken);
            if (contact is null)
            {
                var earlier = await FindErasedAsync(scope, [id], cancellationToken);
                return earlier.TryGetValue(id, out var tombstone) ? new EraseResult(EraseOutcome.AlreadyErased, tombstone) : new EraseResult(EraseOutcome.NotFound, null);
            }
            var now = ChangeTime.After(database.Clock, [contact]);
            var erased = new ErasedContact(id, scope.StreamId, contact.Version + 1, contact.CreatedAt, contact.CreatedBy, contact.CreatedByAId, now, actor.UserId, actor.AppActorId);
            var erase = new NpgsqlBatchCommand(EraseSql);
            erase.Parameters.AddWithValue("id", id);
            erase.Parameters.AddWithValue("stream", scope.StreamId);
            erase.Parameters.AddWithValue("version", erased.Version);
            erase.Parameters.AddWithValue("created_at", contact.CreatedAt.ToUnixTimeMilliseconds());
            erase.Parameters.AddWithValue("created_by", contact.CreatedBy);
            erase.Parameters.AddWithValue("created_by_aid", contact.CreatedByAId);
            erase.Parameters.AddWithValue("now", now.ToUnixTimeMilliseconds());
            erase.Parameters.AddWithValue("user", actor.UserId);
            erase.Parameters.AddWithValue("app", actor.AppActorId);
            erase.Parameters.AddWithValue("gone_status", erasedAnswer.Status);
            erase.Parameters.AddWithValue("gone_type", erasedAnswer.ContentType);
            erase.Parameters.AddWithValue("gone_body", erasedAnswer.Body);
            erase.Parameters.AddWithValue("needle", Encoding.UTF8.GetBytes(id));
            var history = new HistoryRows();
            history.Add(id, HistoryOperations.Erased, "[]", erased.Version);
            await using var write = tx.Batch(erase, history.Command(scope, actor, now));
            await write.ExecuteNonQueryAsync(cancellationToken);
            tx.Count(scope.StreamId, ContactCounts.Erased(contact));
            return new EraseResult(EraseOutcome.Erased, erased);
        }, cancellationToken);
        if (result.Outcome == EraseOutcome.Erased)
        {
            await database.RunUpkeepAsync(VacuumSql, commandTimeout: 0, cancellationToken);
        }
        return result;
    }

    public Task<IReadOnlyDictionary<string, ErasedContact>> FindErasedAsync(StreamScope scope, IReadOnlyList<string> ids, CancellationToken cancellationToken) =>
        reads.RunAsync((scope, ids), static (source, s, ct) => FindErasedAsync(source, s.scope, s.ids, ct), cancellationToken);

    private static async Task<IReadOnlyDictionary<string, ErasedContact>> FindErasedAsync(NpgsqlDataSource source, StreamScope scope, IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        await using var command = source.CreateCommand(SelectTombstonesSql);
        command.Parameters.AddWithValue("stream", scope.StreamId);
        command.Parameters.AddWithValue("ids", ids.ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await TombstoneRows.ReadAsync(reader, cancellationToken);
    }

    public async Task<long> CountErasedAsync(StreamScope scope, CancellationToken cancellationToken)
    {
        await using var count = database.DataSource.CreateCommand("SELECT count(*) FROM erased_contacts WHERE stream_id = @stream");
        count.Parameters.AddWithValue("stream", scope.StreamId);
        return (long)(await count.ExecuteScalarAsync(cancellationToken))!;
    }

    public Task<int> PurgeHistoryAsync(DateTimeOffset before, int batch, CancellationToken cancellationToken) =>
        database.WriteAsync(async tx =>
        {
            await using (var lockCommand = tx.Command("SELECT pg_try_advisory_xact_lock(@key)"))
            {
                lockCommand.Parameters.AddWithValue("key", PurgeLockKey);
                if (!(bool)(await lockCommand.ExecuteScalarAsync(cancellationToken))!)
                {
                    return -1;
                }
            }
            await using var purge = tx.Command(PurgeHistorySql);
            purge.Parameters.AddWithValue("batch", batch);
            purge.Parameters.AddWithValue("before", before.ToUnixTimeMilliseconds());
            return await purge.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);

    /// <summary>Recounts under a SHARE lock on contacts: writes in flight commit first, new ones wait until the recount commits.</summary>
    public Task<IReadOnlyList<CountCorrection>> RecountAsync(CancellationToken cancellationToken) =>
        database.Dialect.WriteAsync(async session =>
        {
            await session.ExecuteAsync("LOCK TABLE contacts IN SHARE MODE", cancellationToken);
            return await ContactCounters.RecountAsync(session, cancellationToken);
        }, cancellationToken);

    private static async Task<Contacts.Contact?> LockOneAsync(PgTransaction tx, StreamScope scope, string id, CancellationToken cancellationToken)
    {
        await using var command = tx.Command(LockOneSql);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("stream", scope.StreamId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ContactRows.Read(reader) : null;
    }
}
