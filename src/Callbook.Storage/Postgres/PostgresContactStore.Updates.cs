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

    // Each id is deleted at its first record whose expected version is absent or matches, the
    // same as applying the records one by one (a failed record changes nothing). Its history row
    // and its webhook deliveries go in with it.
    private const string DeleteManySql =
        "WITH deleted AS (" +
        "UPDATE contacts c SET status = 'INACTIVE', version = c.version + 1, updated_at = @now, updated_by = @user, updated_by_aid = @app " +
        "WHERE c.stream_id = @stream AND c.id = ANY(@ids) AND c.status = 'ACTIVE' AND EXISTS (" +
        "SELECT 1 FROM unnest(@ids, @expected) AS d (id, expected) WHERE d.id = c.id AND (d.expected IS NULL OR d.expected = c.version)) " +
        "RETURNING " + ContactRows.QualifiedColumns + "), " +
        "history AS (INSERT INTO contact_history (contact_id, stream_id, at, user_id, app_actor_id, operation, changes) " +
        "SELECT id, @stream, @now, @user, @app, '" + HistoryOperations.Deleted + "', @changes FROM deleted ORDER BY id), " +
        "queued AS (" + PgOutbox.Deleted + ") " +
        "SELECT " + ContactRows.Columns + " FROM deleted";

    private static readonly string DeletedChanges = ContactChanges.Status(ContactStatus.Active, ContactStatus.Inactive);

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
            var plan = UpdatePlan.Make(updates, targets, holders, actor, now);
            if (plan.FinalStates.Count == 0)
            {
                return plan.Results;
            }
            // A number taken by another node since we looked fails this with a unique violation;
            // WriteAsync then reruns the whole batch, which sees the new holder.
            NpgsqlBatchCommand[] writes = plan.MustApplyInOrder
                ? [.. plan.Steps.Select(step => UpdateCommand([step], scope, actor, now))]
                : [UpdateCommand(plan.FinalStates.Values, scope, actor, now)];
            await using var write = tx.Batch([.. writes, plan.History.Command(scope, actor, now)]);
            await write.ExecuteNonQueryAsync(cancellationToken);
            return plan.Results;
        }, cancellationToken);

    public async Task<ContactWriteResult> DeleteContactAsync(StreamScope scope, Actor actor, string id, long? expectedVersion, CancellationToken cancellationToken) =>
        (await DeleteContactsAsync(scope, actor, [new ContactDelete(id, expectedVersion)], cancellationToken))[0];

    public Task<IReadOnlyList<ContactWriteResult>> DeleteContactsAsync(StreamScope scope, Actor actor, IReadOnlyList<ContactDelete> deletes, CancellationToken cancellationToken) =>
        database.WriteAsync<IReadOnlyList<ContactWriteResult>>(async tx =>
        {
            // Lock the rows as they are, then take the time, then delete. The lock keeps them as read
            // until the delete, whose new snapshot thus sees the same rows.
            Dictionary<string, Contact> state;
            await using (var locked = tx.Batch(LockCommand(scope, deletes.Select(d => d.Id))))
            await using (var reader = await locked.ExecuteReaderAsync(cancellationToken))
            {
                state = await ContactRows.ReadByIdAsync(reader, cancellationToken);
            }
            if (state.Count == 0)
            {
                return [.. deletes.Select(_ => ContactWriteResult.NotFound)];
            }
            var now = ChangeTime.After(database.Clock, state.Values);
            var delete = new NpgsqlBatchCommand(DeleteManySql);
            delete.Parameters.AddWithValue("stream", scope.StreamId);
            delete.Parameters.AddWithValue("ids", deletes.Select(d => d.Id).ToArray());
            delete.Parameters.AddWithValue("expected", deletes.Select(d => d.ExpectedVersion).ToArray());
            delete.Parameters.AddWithValue("now", now.ToUnixTimeMilliseconds());
            delete.Parameters.AddWithValue("user", actor.UserId);
            delete.Parameters.AddWithValue("app", actor.AppActorId);
            delete.Parameters.AddWithValue("changes", DeletedChanges);
            Dictionary<string, Contact> deleted;
            await using (var batch = tx.Batch(delete))
            await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
            {
                deleted = await ContactRows.ReadByIdAsync(reader, cancellationToken);
            }
            // Replays the records in order over the locked rows, as the statement applied them.
            var results = new ContactWriteResult[deletes.Count];
            for (var i = 0; i < deletes.Count; i++)
            {
                var (id, expected) = (deletes[i].Id, deletes[i].ExpectedVersion);
                if (!state.TryGetValue(id, out var current))
                {
                    results[i] = ContactWriteResult.NotFound;
                }
                else if (expected is { } version && version != current.Version)
                {
                    results[i] = new ContactWriteResult(WriteOutcome.PreconditionFailed, current);
                }
                else if (current.Status == ContactStatus.Active && deleted.TryGetValue(id, out var after))
                {
                    state[id] = after;
                    results[i] = new ContactWriteResult(WriteOutcome.Done, after);
                }
                else
                {
                    results[i] = new ContactWriteResult(WriteOutcome.Done, current);
                }
            }
            return results;
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
