using Callbook.Contacts;
using Callbook.Contacts.WriteModel;
using Callbook.Storage.Postgres.Internal;
using Callbook.Stores;
using Callbook.Tenancy;
using Npgsql;

namespace Callbook.Storage.Postgres;

/// <summary>
/// Contacts on PostgreSQL: updates and soft deletes, one record or many. PostgreSQL aborts the
/// whole transaction on a unique violation, while each record must stand alone, so a write locks
/// its targets, reads the holders of the wanted numbers, lets <see cref="ContactWrites"/> decide
/// every record, and writes only the applied ones, with their history rows and webhook deliveries,
/// in one more round trip.
/// </summary>
internal sealed partial class PostgresContactStore
{
    // Every status: an expected version is checked before the status. Locked in id order, so two
    // overlapping bulk writes queue instead of deadlocking.
    private const string LockTargetsSql =
        "SELECT " + ContactRows.Columns + " FROM contacts WHERE stream_id = @stream AND id = ANY(@ids) ORDER BY id FOR UPDATE";

    private const string SetFields =
        "first_name = u.first_name, last_name = u.last_name, salutation = u.salutation, phone_extension = u.phone_extension, " +
        "phone_number = u.phone_number, phone_country_code = u.phone_country_code, address = u.address, " +
        "twitter_details = u.twitter_details, search_full = u.search_full, search_last = u.search_last, version = u.version, " +
        "updated_at = @now, updated_by = @user, updated_by_aid = @app";

    private const string UpdateManySql =
        "UPDATE contacts c SET " + SetFields + " FROM " + ContactColumns.Unnest + " " +
        "WHERE c.id = u.id AND c.stream_id = @stream AND c.status = 'ACTIVE'";

    // The ids the write model chose: their history rows and webhook deliveries go in with them.
    private const string DeactivateManySql =
        "UPDATE contacts SET status = 'INACTIVE', version = version + 1, updated_at = @now, updated_by = @user, updated_by_aid = @app " +
        "WHERE stream_id = @stream AND id = ANY(@ids) AND status = 'ACTIVE'";

    public async Task<ContactWriteResult> UpdateContactAsync(StreamScope scope, Actor actor, ContactUpdate update, CancellationToken cancellationToken) =>
        (await UpdateContactsAsync(scope, actor, [update], cancellationToken))[0];

    public Task<IReadOnlyList<ContactWriteResult>> UpdateContactsAsync(StreamScope scope, Actor actor, IReadOnlyList<ContactUpdate> updates, CancellationToken cancellationToken) =>
        database.WriteAsync<IReadOnlyList<ContactWriteResult>>(async tx =>
        {
            // One round trip: lock the targets, then read who holds the wanted numbers now.
            var lockTargets = LockCommand(scope, updates.Select(u => u.Id));
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

            // Taken once the rows are locked: a change that waited for the lock is later than the one it waited for.
            var now = ChangeTime.After(database.Clock, targets.Values);
            var plan = ContactWrites.Update(updates, targets, holders, actor, now);
            if (plan.Steps.Count == 0)
            {
                return plan.Results;
            }
            // A number taken by another node since we looked fails this with a unique violation;
            // WriteAsync then reruns the whole batch, which sees the new holder.
            NpgsqlBatchCommand[] writes = plan.MustApplyInOrder
                ? [.. plan.Steps.Select(step => UpdateCommand([step.After], scope, actor, now))]
                : [UpdateCommand(plan.FinalStates.Values, scope, actor, now)];
            await using var write = tx.Batch([.. writes, HistoryRows.Of(plan.Steps).Command(scope, actor, now)]);
            await write.ExecuteNonQueryAsync(cancellationToken);
            tx.Count(scope.StreamId, plan.Counts);
            return plan.Results;
        }, cancellationToken);

    public async Task<ContactWriteResult> DeleteContactAsync(StreamScope scope, Actor actor, string id, long? expectedVersion, CancellationToken cancellationToken) =>
        (await DeleteContactsAsync(scope, actor, [new ContactDelete(id, expectedVersion)], cancellationToken))[0];

    public Task<IReadOnlyList<ContactWriteResult>> DeleteContactsAsync(StreamScope scope, Actor actor, IReadOnlyList<ContactDelete> deletes, CancellationToken cancellationToken) =>
        database.WriteAsync<IReadOnlyList<ContactWriteResult>>(async tx =>
        {
            Dictionary<string, Contact> held;
            await using (var locked = tx.Batch(LockCommand(scope, deletes.Select(d => d.Id))))
            await using (var reader = await locked.ExecuteReaderAsync(cancellationToken))
            {
                held = await ContactRows.ReadByIdAsync(reader, cancellationToken);
            }
            var now = ChangeTime.After(database.Clock, held.Values);
            var plan = ContactWrites.Delete(deletes, held, actor, now);
            if (plan.Steps.Count == 0)
            {
                return plan.Results;
            }
            var deactivate = new NpgsqlBatchCommand(DeactivateManySql);
            deactivate.Parameters.AddWithValue("stream", scope.StreamId);
            deactivate.Parameters.AddWithValue("ids", plan.FinalStates.Keys.ToArray());
            deactivate.Parameters.AddWithValue("now", now.ToUnixTimeMilliseconds());
            deactivate.Parameters.AddWithValue("user", actor.UserId);
            deactivate.Parameters.AddWithValue("app", actor.AppActorId);
            await using var write = tx.Batch(deactivate, HistoryRows.Of(plan.Steps).Command(scope, actor, now));
            await write.ExecuteNonQueryAsync(cancellationToken);
            tx.Count(scope.StreamId, plan.Counts);
            return plan.Results;
        }, cancellationToken);

    /// <summary>Locks and reads the contacts of the stream with these ids, in any status.</summary>
    private static NpgsqlBatchCommand LockCommand(StreamScope scope, IEnumerable<string> ids)
    {
        var command = new NpgsqlBatchCommand(LockTargetsSql);
        command.Parameters.AddWithValue("stream", scope.StreamId);
        command.Parameters.AddWithValue("ids", ids.Distinct(StringComparer.Ordinal).ToArray());
        return command;
    }

    /// <summary>One UPDATE giving each contact its new input fields and version, read with <c>unnest</c>.</summary>
    private static NpgsqlBatchCommand UpdateCommand(IEnumerable<Contact> contacts, StreamScope scope, Actor actor, DateTimeOffset now)
    {
        var columns = new ContactColumns(0);
        foreach (var contact in contacts)
        {
            columns.Add(contact.Id, contact.Fields, contact.Version);
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
