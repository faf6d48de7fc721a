using System.Text;
using Callbook.Contacts.WriteModel;
using Callbook.Storage.Sqlite.Internal;
using Callbook.Stores;
using Callbook.Tenancy;
using Microsoft.Data.Sqlite;

namespace Callbook.Storage.Sqlite;

/// <summary>
/// Contacts on SQLite: erasure (tombstones) and history retention. The writer runs with
/// <c>secure_delete</c>, so whatever a statement frees is overwritten with zeros; after an erasure
/// a truncating checkpoint moves the zeroed pages into the database file and empties the WAL,
/// whose older frames still held the erased values.
/// </summary>
internal sealed partial class SqliteContactStore
{
    private const string SelectTombstonesSql =
        "SELECT " + TombstoneRows.Columns + " FROM erased_contacts WHERE id IN (SELECT value FROM json_each($ids)) AND stream_id = $stream";

    private const string InsertTombstoneSql =
        "INSERT INTO erased_contacts (" + TombstoneRows.Columns + ") " +
        "VALUES ($id, $stream, $version, $created_at, $created_by, $created_by_aid, $now, $user, $app)";

    // Deliveries first: they would rebuild the contact from the rest. History keeps who and when.
    // A stored idempotent answer naming the contact is replaced, so a retry cannot replay its data.
    private const string EraseSql =
        "DELETE FROM webhook_deliveries WHERE stream_id = $stream AND contact_id = $id; " +
        "UPDATE contact_history SET changes = '[]' WHERE stream_id = $stream AND contact_id = $id; " +
        "DELETE FROM contacts WHERE id = $id AND stream_id = $stream; " +
        "UPDATE idempotency_keys SET status = $gone_status, content_type = $gone_type, body = $gone_body " +
        "WHERE stream_id = $stream AND state = 'done' AND instr(body, $needle) > 0";

    // Oldest first by seq (the order of the changes), stopping at the first entry still kept.
    private const string PurgeHistorySql =
        "DELETE FROM contact_history WHERE seq IN (SELECT seq FROM contact_history ORDER BY seq LIMIT $batch) AND at < $before";

    public async Task<EraseResult> EraseContactAsync(StreamScope scope, Actor actor, string id, IdempotentAnswer erasedAnswer, CancellationToken cancellationToken)
    {
        var result = await database.WriteAsync(async tx =>
        {
            await using var batch = await BatchChanges.OpenAsync(tx, scope, actor, database.Clock, [id], cancellationToken);
            if (!batch.Current.TryGetValue(id, out var contact))
            {
                await using var find = tx.Command(SelectTombstonesSql);
                var earlier = await ReadTombstonesAsync(find, scope, [id], cancellationToken);
                return earlier.TryGetValue(id, out var tombstone) ? new EraseResult(EraseOutcome.AlreadyErased, tombstone) : new EraseResult(EraseOutcome.NotFound, null);
            }
            var erased = new ErasedContact(id, scope.StreamId, contact.Version + 1, contact.CreatedAt, contact.CreatedBy, contact.CreatedByAId,
                DateTimeOffset.FromUnixTimeMilliseconds(batch.Now), actor.UserId, actor.AppActorId);
            await using (var erase = tx.Command(EraseSql))
            {
                batch.Bind(erase);
                erase.Parameters.AddWithValue("$id", id);
                erase.Parameters.AddWithValue("$gone_status", erasedAnswer.Status);
                erase.Parameters.AddWithValue("$gone_type", erasedAnswer.ContentType);
                erase.Parameters.AddWithValue("$gone_body", erasedAnswer.Body);
                erase.Parameters.AddWithValue("$needle", Encoding.UTF8.GetBytes(id));
                await erase.ExecuteNonQueryAsync(cancellationToken);
            }
            await using (var insert = tx.Command(InsertTombstoneSql))
            {
                batch.Bind(insert);
                insert.Parameters.AddWithValue("$id", id);
                insert.Parameters.AddWithValue("$version", erased.Version);
                insert.Parameters.AddWithValue("$created_at", contact.CreatedAt.ToUnixTimeMilliseconds());
                insert.Parameters.AddWithValue("$created_by", contact.CreatedBy);
                insert.Parameters.AddWithValue("$created_by_aid", contact.CreatedByAId);
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }
            await batch.RecordAsync([new ContactStep(contact, contact with { Version = erased.Version }, HistoryOperations.Erased, "[]")],
                ContactCounts.Erased(contact), cancellationToken);
            return new EraseResult(EraseOutcome.Erased, erased);
        }, cancellationToken);
        if (result.Outcome == EraseOutcome.Erased)
        {
            await database.CheckpointAsync(cancellationToken);
        }
        return result;
    }

    public async Task<IReadOnlyDictionary<string, ErasedContact>> FindErasedAsync(StreamScope scope, IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        return await ReadTombstonesAsync(connection.Prepared(SelectTombstonesSql), scope, ids, cancellationToken);
    }

    public async Task<long> CountErasedAsync(StreamScope scope, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        var count = connection.Prepared("SELECT count(*) FROM erased_contacts WHERE stream_id = $stream");
        count.Parameters.AddWithValue("$stream", scope.StreamId);
        return (long)(await count.ExecuteScalarAsync(cancellationToken))!;
    }

    public Task<int> PurgeHistoryAsync(DateTimeOffset before, int batch, CancellationToken cancellationToken) =>
        database.WriteAsync(async tx =>
        {
            await using var purge = tx.Command(PurgeHistorySql);
            purge.Parameters.AddWithValue("$batch", batch);
            purge.Parameters.AddWithValue("$before", before.ToUnixTimeMilliseconds());
            return await purge.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);

    private static async Task<Dictionary<string, ErasedContact>> ReadTombstonesAsync(SqliteCommand command, StreamScope scope, IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        command.Parameters.AddWithValue("$stream", scope.StreamId);
        command.Parameters.AddWithValue("$ids", BatchChanges.JsonArray(ids, static (writer, id) => writer.WriteStringValue(id)));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await TombstoneRows.ReadAsync(reader, cancellationToken);
    }
}
