using Callbook.Contacts;
using Callbook.Contacts.WriteModel;
using Callbook.Storage.Postgres.Internal;
using Callbook.Stores;
using Callbook.Tenancy;
using Npgsql;

namespace Callbook.Storage.Postgres;

/// <summary>Contacts on PostgreSQL: restoring a soft-deleted contact.</summary>
internal sealed partial class PostgresContactStore
{
    // The contact, locked, and who else actively holds its number now.
    private const string LockForRestoreSql =
        "SELECT " + ContactRows.QualifiedColumns + ", (SELECT h.id FROM contacts h WHERE h.stream_id = c.stream_id " +
        "AND h.phone_number = c.phone_number AND h.status = 'ACTIVE' AND h.id <> c.id LIMIT 1) " +
        "FROM contacts c WHERE c.id = @id AND c.stream_id = @stream FOR UPDATE OF c";

    private const string RestoreSql =
        "UPDATE contacts SET status = 'ACTIVE', version = @version, updated_at = @now, updated_by = @user, updated_by_aid = @app " +
        "WHERE id = @id AND stream_id = @stream";

    public Task<ContactWriteResult> RestoreContactAsync(StreamScope scope, Actor actor, string id, long? expectedVersion, CancellationToken cancellationToken) =>
        database.WriteAsync(async tx =>
        {
            Contact? current = null;
            string? holder = null;
            await using (var read = tx.Command(LockForRestoreSql))
            {
                read.Parameters.AddWithValue("id", id);
                read.Parameters.AddWithValue("stream", scope.StreamId);
                await using var reader = await read.ExecuteReaderAsync(cancellationToken);
                if (await reader.ReadAsync(cancellationToken))
                {
                    current = ContactRows.Read(reader);
                    holder = reader.IsDBNull(ContactRows.ColumnCount) ? null : reader.GetString(ContactRows.ColumnCount);
                }
            }
            // Taken once the row is locked, never before its last change.
            var now = ChangeTime.After(database.Clock, current is null ? [] : [current]);
            var plan = ContactWrites.Restore(id, expectedVersion, current, holder, actor, now);
            if (plan.Steps is not [var step])
            {
                return plan.Results[0];
            }
            // A number taken by another node since we looked fails this with a unique violation;
            // WriteAsync then reruns the whole work, which sees the new holder.
            var restore = new NpgsqlBatchCommand(RestoreSql);
            restore.Parameters.AddWithValue("id", id);
            restore.Parameters.AddWithValue("stream", scope.StreamId);
            restore.Parameters.AddWithValue("version", step.After.Version);
            restore.Parameters.AddWithValue("now", now.ToUnixTimeMilliseconds());
            restore.Parameters.AddWithValue("user", actor.UserId);
            restore.Parameters.AddWithValue("app", actor.AppActorId);
            await using var write = tx.Batch(restore, HistoryRows.Of(plan.Steps).Command(scope, actor, now));
            await write.ExecuteNonQueryAsync(cancellationToken);
            tx.Count(scope.StreamId, plan.Counts);
            return plan.Results[0];
        }, cancellationToken);
}
