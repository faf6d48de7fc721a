using Callbook.Contacts;
using Callbook.Storage.Postgres.Internal;
using Callbook.Tenancy;
using Npgsql;

namespace Callbook.Storage.Postgres;

/// <summary>
/// Contacts on PostgreSQL: updates and soft deletes, one record or many. PostgreSQL aborts the
/// whole transaction on a unique violation, while each record must stand alone, so a bulk
/// update locks its targets, works out which records would collide, and writes only the rest.
/// </summary>
internal sealed partial class PostgresContactStore
{
    // Locked in id order, so two overlapping bulk updates queue instead of deadlocking.
    private const string LockTargetsSql =
        "SELECT " + ContactRows.Columns + " FROM contacts WHERE stream_id = @stream AND id = ANY(@ids) AND status = 'ACTIVE' " +
        "ORDER BY id FOR UPDATE";

    private const string SetFields =
        "first_name = u.first_name, last_name = u.last_name, salutation = u.salutation, phone_extension = u.phone_extension, " +
        "phone_number = u.phone_number, phone_country_code = u.phone_country_code, address = u.address, " +
        "twitter_details = u.twitter_details, updated_at = @now, updated_by = @user, updated_by_aid = @app";

    private const string UpdateManySql =
        "UPDATE contacts c SET " + SetFields + " FROM " + ContactColumns.Unnest + " " +
        "WHERE c.id = u.id AND c.stream_id = @stream AND c.status = 'ACTIVE'";

    private const string DeleteManySql =
        "UPDATE contacts SET status = 'INACTIVE', updated_at = @now, updated_by = @user, updated_by_aid = @app " +
        "WHERE stream_id = @stream AND id = ANY(@ids) AND status = 'ACTIVE' RETURNING " + ContactRows.Columns;

    private const string SelectManySql =
        "SELECT " + ContactRows.Columns + " FROM contacts WHERE stream_id = @stream AND id = ANY(@ids)";

    public async Task<ContactWriteResult> UpdateContactAsync(StreamScope scope, Actor actor, string id, ContactFields fields, CancellationToken cancellationToken) =>
        (await UpdateContactsAsync(scope, actor, [new ContactUpdate(id, fields)], cancellationToken))[0];

    public Task<IReadOnlyList<ContactWriteResult>> UpdateContactsAsync(StreamScope scope, Actor actor, IReadOnlyList<ContactUpdate> updates, CancellationToken cancellationToken) =>
        database.WriteAsync<IReadOnlyList<ContactWriteResult>>(async tx =>
        {
            var now = ContactRows.Truncate(database.Clock.GetUtcNow());
            // One round trip: lock the targets, then read who holds the wanted numbers now.
            var lockTargets = new NpgsqlBatchCommand(LockTargetsSql);
            lockTargets.Parameters.AddWithValue("stream", scope.StreamId);
            lockTargets.Parameters.AddWithValue("ids", updates.Select(u => u.Id).Distinct(StringComparer.Ordinal).ToArray());
            var findHolders = new NpgsqlBatchCommand(ContactRows.SelectActiveHolders);
            findHolders.Parameters.AddWithValue("stream", scope.StreamId);
            findHolders.Parameters.AddWithValue("phones", updates.Select(u => u.Fields.CellPhone.PhoneNumber).Distinct(StringComparer.Ordinal).ToArray());
            Dictionary<string, Contact> targets;
            Dictionary<string, string> holders;
            await using (var read = tx.Batch(lockTargets, findHolders))
            await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
            {
                targets = await ContactRows.ReadByIdAsync(reader, cancellationToken);
                await reader.NextResultAsync(cancellationToken);
                holders = await ContactRows.ReadHoldersAsync(reader, cancellationToken);
            }

            var plan = UpdatePlan.Make(updates, targets, holders, actor, now);
            if (plan.FinalStates.Count == 0)
            {
                return plan.Results;
            }
            // A number taken by another node since we looked fails this with a unique violation;
            // WriteAsync then reruns the whole batch, which sees the new holder.
            if (plan.MustApplyInOrder)
            {
                await using var write = tx.Batch([.. plan.Steps.Select(step => UpdateCommand([step], scope, actor, now))]);
                await write.ExecuteNonQueryAsync(cancellationToken);
            }
            else
            {
                await using var write = tx.Batch(UpdateCommand(plan.FinalStates.Values, scope, actor, now));
                await write.ExecuteNonQueryAsync(cancellationToken);
            }
            return plan.Results;
        }, cancellationToken);

    public async Task<ContactWriteResult> DeleteContactAsync(StreamScope scope, Actor actor, string id, CancellationToken cancellationToken) =>
        (await DeleteContactsAsync(scope, actor, [id], cancellationToken))[0];

    public Task<IReadOnlyList<ContactWriteResult>> DeleteContactsAsync(StreamScope scope, Actor actor, IReadOnlyList<string> ids, CancellationToken cancellationToken) =>
        database.WriteAsync<IReadOnlyList<ContactWriteResult>>(async tx =>
        {
            var distinct = ids.Distinct(StringComparer.Ordinal).ToArray();
            var delete = new NpgsqlBatchCommand(DeleteManySql);
            delete.Parameters.AddWithValue("stream", scope.StreamId);
            delete.Parameters.AddWithValue("ids", distinct);
            delete.Parameters.AddWithValue("now", database.Clock.GetUtcNow().ToUnixTimeMilliseconds());
            delete.Parameters.AddWithValue("user", actor.UserId);
            delete.Parameters.AddWithValue("app", actor.AppActorId);
            // A second statement, so a second snapshot: it sees the rows just deleted, and those
            // that were already inactive (answered unchanged). Unknown or foreign ids are in neither.
            var select = new NpgsqlBatchCommand(SelectManySql);
            select.Parameters.AddWithValue("stream", scope.StreamId);
            select.Parameters.AddWithValue("ids", distinct);
            Dictionary<string, Contact> deleted;
            Dictionary<string, Contact> current;
            await using (var batch = tx.Batch(delete, select))
            await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
            {
                deleted = await ContactRows.ReadByIdAsync(reader, cancellationToken);
                await reader.NextResultAsync(cancellationToken);
                current = await ContactRows.ReadByIdAsync(reader, cancellationToken);
            }
            var results = new ContactWriteResult[ids.Count];
            for (var i = 0; i < ids.Count; i++)
            {
                results[i] = deleted.TryGetValue(ids[i], out var contact) || current.TryGetValue(ids[i], out contact)
                    ? new ContactWriteResult(WriteOutcome.Done, contact)
                    : ContactWriteResult.NotFound;
            }
            return results;
        }, cancellationToken);

    /// <summary>One UPDATE giving each contact its new input fields, read with <c>unnest</c>.</summary>
    private static NpgsqlBatchCommand UpdateCommand(IEnumerable<Contact> contacts, StreamScope scope, Actor actor, DateTimeOffset now)
    {
        var columns = new ContactColumns(0);
        foreach (var contact in contacts)
        {
            columns.Add(contact.Id, contact.Fields);
        }
        var command = new NpgsqlBatchCommand(UpdateManySql);
        columns.Bind(command.Parameters);
        command.Parameters.AddWithValue("stream", scope.StreamId);
        command.Parameters.AddWithValue("now", now.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("user", actor.UserId);
        command.Parameters.AddWithValue("app", actor.AppActorId);
        return command;
    }
}
