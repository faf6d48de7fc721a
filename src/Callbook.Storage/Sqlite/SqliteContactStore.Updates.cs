using Callbook.Contacts;
using Callbook.Storage.Sqlite.Internal;
using Callbook.Tenancy;
using Microsoft.Data.Sqlite;

namespace Callbook.Storage.Sqlite;

/// <summary>
/// Contacts on SQLite: updates, soft deletes and restores, one record or many. Each change bumps
/// the version and writes its history row and its webhook deliveries in the same transaction. The
/// writer is single, so reading the current rows first and then changing them cannot race. Bulk
/// changes read and record history in one statement per batch (<see cref="BatchChanges"/>); only
/// the updates run per record, since the unique index may refuse any one of them.
/// </summary>
internal sealed partial class SqliteContactStore
{
    private const int SqliteConstraintUnique = 2067;

    private const string RestoreSql =
        "UPDATE contacts SET status = 'ACTIVE', updated_at = $now, updated_by = $user, updated_by_aid = $app, version = version + 1 " +
        "WHERE id = $id AND stream_id = $stream";

    // Bulk changes (BatchChanges): the new row is known without reading it back. SQLite rewrites
    // every index on a column the SET names, changed or not: an update that keeps the number uses
    // the statement without phone_number, which leaves both phone indexes alone.
    private const string UpdateManySql =
        "UPDATE contacts SET first_name = $first, last_name = $last, salutation = $salutation, " +
        "phone_extension = $extension, phone_number = $phone, phone_country_code = $country, " +
        "address = $address, twitter_details = $twitter, search_full = $search_full, search_last = $search_last, " +
        "updated_at = $now, updated_by = $user, updated_by_aid = $app, version = version + 1 " +
        "WHERE id = $id AND stream_id = $stream";

    private const string UpdateKeepingNumberSql =
        "UPDATE contacts SET first_name = $first, last_name = $last, salutation = $salutation, " +
        "phone_extension = $extension, phone_country_code = $country, " +
        "address = $address, twitter_details = $twitter, search_full = $search_full, search_last = $search_last, " +
        "updated_at = $now, updated_by = $user, updated_by_aid = $app, version = version + 1 " +
        "WHERE id = $id AND stream_id = $stream";

    // "+stream_id" as in BatchChanges: the primary key finds the rows, not a walk of the stream.
    private const string DeactivateManySql =
        "UPDATE contacts SET status = 'INACTIVE', updated_at = $now, updated_by = $user, updated_by_aid = $app, version = version + 1 " +
        "WHERE id IN (SELECT value FROM json_each($ids)) AND +stream_id = $stream";

    private const string SelectOneSql =
        "SELECT " + ContactRows.Columns + " FROM contacts WHERE id = $id AND stream_id = $stream";

    public async Task<ContactWriteResult> UpdateContactAsync(StreamScope scope, Actor actor, ContactUpdate update, CancellationToken cancellationToken) =>
        (await UpdateContactsAsync(scope, actor, [update], cancellationToken))[0];

    public Task<IReadOnlyList<ContactWriteResult>> UpdateContactsAsync(StreamScope scope, Actor actor, IReadOnlyList<ContactUpdate> updates, CancellationToken cancellationToken) =>
        database.WriteAsync<IReadOnlyList<ContactWriteResult>>(async tx =>
        {
            await using var batch = await BatchChanges.OpenAsync(tx, scope, actor, database.Clock, updates.Select(u => u.Id), cancellationToken);
            var current = batch.Current;
            await using var anyNumber = new UpdateCommand(tx, batch, UpdateManySql);
            await using var sameNumber = new UpdateCommand(tx, batch, UpdateKeepingNumberSql);
            var results = new ContactWriteResult[updates.Count];
            for (var i = 0; i < updates.Count; i++)
            {
                var update = updates[i];
                var before = current.GetValueOrDefault(update.Id);
                if (Precheck(before, update.ExpectedVersion) is { } refused)
                {
                    results[i] = refused;
                    continue;
                }
                if (before!.Status != ContactStatus.Active)
                {
                    results[i] = ContactWriteResult.NotFound;
                    continue;
                }
                var change = string.Equals(before.Fields.CellPhone.PhoneNumber, update.Fields.CellPhone.PhoneNumber, StringComparison.Ordinal) ? sameNumber : anyNumber;
                try
                {
                    await change.ExecuteAsync(update, cancellationToken);
                }
                catch (SqliteException e) when (e.SqliteExtendedErrorCode == SqliteConstraintUnique)
                {
                    // Only this statement is undone: the number belongs to another active contact.
                    results[i] = new ContactWriteResult(WriteOutcome.PhoneInUse, null, await FindHolderAsync(tx, scope.StreamId, update.Fields.CellPhone.PhoneNumber, cancellationToken));
                    continue;
                }
                var changed = batch.Changed(before, update.Fields, ContactStatus.Active);
                current[update.Id] = changed;
                await batch.RecordAsync(changed, HistoryOperations.Updated, ContactChanges.Diff(before.Fields, update.Fields), cancellationToken);
                results[i] = new ContactWriteResult(WriteOutcome.Done, changed);
            }
            await batch.WriteHistoryAsync(HistoryOperations.Updated, cancellationToken);
            return results;
        }, cancellationToken);

    public async Task<ContactWriteResult> DeleteContactAsync(StreamScope scope, Actor actor, string id, long? expectedVersion, CancellationToken cancellationToken) =>
        (await DeleteContactsAsync(scope, actor, [new ContactDelete(id, expectedVersion)], cancellationToken))[0];

    /// <summary>Decides each id against the rows read up front, then deactivates every winner in one statement (no unique index can refuse it).</summary>
    public Task<IReadOnlyList<ContactWriteResult>> DeleteContactsAsync(StreamScope scope, Actor actor, IReadOnlyList<ContactDelete> deletes, CancellationToken cancellationToken) =>
        database.WriteAsync<IReadOnlyList<ContactWriteResult>>(async tx =>
        {
            await using var batch = await BatchChanges.OpenAsync(tx, scope, actor, database.Clock, deletes.Select(d => d.Id), cancellationToken);
            var current = batch.Current;
            var statusChange = ContactChanges.Status(ContactStatus.Active, ContactStatus.Inactive);
            var deactivated = new List<string>(deletes.Count);
            var results = new ContactWriteResult[deletes.Count];
            for (var i = 0; i < deletes.Count; i++)
            {
                var before = current.GetValueOrDefault(deletes[i].Id);
                if (Precheck(before, deletes[i].ExpectedVersion) is { } refused)
                {
                    results[i] = refused;
                    continue;
                }
                if (before!.Status == ContactStatus.Inactive)
                {
                    results[i] = new ContactWriteResult(WriteOutcome.Done, before);
                    continue;
                }
                var changed = batch.Changed(before, before.Fields, ContactStatus.Inactive);
                current[before.Id] = changed;
                deactivated.Add(before.Id);
                await batch.RecordAsync(changed, HistoryOperations.Deleted, statusChange, cancellationToken);
                results[i] = new ContactWriteResult(WriteOutcome.Done, changed);
            }
            if (deactivated.Count > 0)
            {
                await using var change = tx.Command(DeactivateManySql);
                batch.Bind(change);
                change.Parameters.AddWithValue("$ids", BatchChanges.JsonArray(deactivated, static (writer, id) => writer.WriteStringValue(id)));
                await change.ExecuteNonQueryAsync(cancellationToken);
            }
            await batch.WriteHistoryAsync(HistoryOperations.Deleted, cancellationToken);
            return results;
        }, cancellationToken);

    public Task<ContactWriteResult> RestoreContactAsync(StreamScope scope, Actor actor, string id, long? expectedVersion, CancellationToken cancellationToken) =>
        database.WriteAsync(async tx =>
        {
            await using var batch = await BatchChanges.OpenAsync(tx, scope, actor, database.Clock, [id], cancellationToken);
            var current = batch.Current.GetValueOrDefault(id);
            if (Precheck(current, expectedVersion) is { } refused)
            {
                return refused;
            }
            if (current!.Status == ContactStatus.Active)
            {
                return new ContactWriteResult(WriteOutcome.Done, current);
            }
            await using (var restore = tx.Command(RestoreSql))
            {
                batch.Bind(restore);
                restore.Parameters.AddWithValue("$id", id);
                try
                {
                    await restore.ExecuteNonQueryAsync(cancellationToken);
                }
                catch (SqliteException e) when (e.SqliteExtendedErrorCode == SqliteConstraintUnique)
                {
                    return new ContactWriteResult(WriteOutcome.PhoneInUse, null, await FindHolderAsync(tx, scope.StreamId, current.Fields.CellPhone.PhoneNumber, cancellationToken));
                }
            }
            var restored = batch.Changed(current, current.Fields, ContactStatus.Active);
            await batch.RecordAsync(restored, HistoryOperations.Restored, ContactChanges.Status(ContactStatus.Inactive, ContactStatus.Active), cancellationToken);
            await batch.WriteHistoryAsync(HistoryOperations.Restored, cancellationToken);
            return new ContactWriteResult(WriteOutcome.Done, restored);
        }, cancellationToken);

    /// <summary>Not found, or a version that no longer matches: the write is refused before anything changes.</summary>
    private static ContactWriteResult? Precheck(Contact? current, long? expectedVersion) =>
        current is null ? ContactWriteResult.NotFound
        : expectedVersion is { } expected && expected != current.Version ? new ContactWriteResult(WriteOutcome.PreconditionFailed, current)
        : null;

    /// <summary>One prepared UPDATE of a contact's input fields.</summary>
    private sealed class UpdateCommand : IAsyncDisposable
    {
        private readonly SqliteCommand command;
        private readonly SqliteParameter id;
        private readonly ContactRows.FieldParameters fields;

        public UpdateCommand(WriteTransaction tx, BatchChanges batch, string sql)
        {
            command = tx.Command(sql);
            batch.Bind(command);
            id = command.Parameters.Add("$id", SqliteType.Text);
            fields = ContactRows.FieldParameters.Add(command);
            command.Prepare();
        }

        public Task<int> ExecuteAsync(ContactUpdate update, CancellationToken cancellationToken)
        {
            id.Value = update.Id;
            fields.Set(update.Fields);
            return command.ExecuteNonQueryAsync(cancellationToken);
        }

        public ValueTask DisposeAsync() => command.DisposeAsync();
    }

    private static async Task<Contact?> ReadOneAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ContactRows.Read(reader) : null;
    }
}
