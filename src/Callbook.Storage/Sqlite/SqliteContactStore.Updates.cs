using Callbook.Contacts;
using Callbook.Contacts.WriteModel;
using Callbook.Storage.Sqlite.Internal;
using Callbook.Stores;
using Callbook.Tenancy;
using Microsoft.Data.Sqlite;

namespace Callbook.Storage.Sqlite;

/// <summary>
/// Contacts on SQLite: updates, soft deletes and restores, one record or many. The writer is
/// single, so the rows and number holders read first (<see cref="BatchChanges"/>) cannot change
/// before the commit: <see cref="ContactWrites"/> decides every record from them, and the store
/// writes the applied ones, their history rows and webhook deliveries in the same transaction.
/// Updates run one prepared statement per applied record (in-process, no round trip), so SQLite
/// can leave the phone indexes alone when a record keeps its number.
/// </summary>
internal sealed partial class SqliteContactStore
{
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
            var holders = await batch.HoldersAsync(updates.Select(u => u.Fields.CellPhone.PhoneNumber), cancellationToken);
            var plan = ContactWrites.Update(updates, batch.Current, holders, actor, batch.ChangedAt);
            if (plan.Steps.Count == 0)
            {
                return plan.Results;
            }
            // In input order: each step is valid once the earlier ones are written, so the unique index never refuses one.
            await using var anyNumber = new UpdateCommand(tx, batch, UpdateManySql);
            await using var sameNumber = new UpdateCommand(tx, batch, UpdateKeepingNumberSql);
            foreach (var step in plan.Steps)
            {
                await (step.KeepsNumber ? sameNumber : anyNumber).ExecuteAsync(step.After, cancellationToken);
            }
            await batch.RecordAsync(plan, cancellationToken);
            return plan.Results;
        }, cancellationToken);

    public async Task<ContactWriteResult> DeleteContactAsync(StreamScope scope, Actor actor, string id, long? expectedVersion, CancellationToken cancellationToken) =>
        (await DeleteContactsAsync(scope, actor, [new ContactDelete(id, expectedVersion)], cancellationToken))[0];

    /// <summary>Lets the write model decide each id against the rows read up front, then deactivates every winner in one statement (no unique index can refuse it).</summary>
    public Task<IReadOnlyList<ContactWriteResult>> DeleteContactsAsync(StreamScope scope, Actor actor, IReadOnlyList<ContactDelete> deletes, CancellationToken cancellationToken) =>
        database.WriteAsync<IReadOnlyList<ContactWriteResult>>(async tx =>
        {
            await using var batch = await BatchChanges.OpenAsync(tx, scope, actor, database.Clock, deletes.Select(d => d.Id), cancellationToken);
            var plan = ContactWrites.Delete(deletes, batch.Current, actor, batch.ChangedAt);
            if (plan.Steps.Count == 0)
            {
                return plan.Results;
            }
            await using (var change = tx.Command(DeactivateManySql))
            {
                batch.Bind(change);
                change.Parameters.AddWithValue("$ids", BatchChanges.JsonArray(plan.FinalStates.Keys, static (writer, id) => writer.WriteStringValue(id)));
                await change.ExecuteNonQueryAsync(cancellationToken);
            }
            await batch.RecordAsync(plan, cancellationToken);
            return plan.Results;
        }, cancellationToken);

    public Task<ContactWriteResult> RestoreContactAsync(StreamScope scope, Actor actor, string id, long? expectedVersion, CancellationToken cancellationToken) =>
        database.WriteAsync(async tx =>
        {
            await using var batch = await BatchChanges.OpenAsync(tx, scope, actor, database.Clock, [id], cancellationToken);
            var current = batch.Current.GetValueOrDefault(id);
            var holders = current is null ? [] : await batch.HoldersAsync([current.Fields.CellPhone.PhoneNumber], cancellationToken);
            var plan = ContactWrites.Restore(id, expectedVersion, current, holders.Values.SingleOrDefault(), actor, batch.ChangedAt);
            if (plan.Steps.Count == 0)
            {
                return plan.Results[0];
            }
            await using (var restore = tx.Command(RestoreSql))
            {
                batch.Bind(restore);
                restore.Parameters.AddWithValue("$id", id);
                await restore.ExecuteNonQueryAsync(cancellationToken);
            }
            await batch.RecordAsync(plan, cancellationToken);
            return plan.Results[0];
        }, cancellationToken);

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

        public Task<int> ExecuteAsync(Contact changed, CancellationToken cancellationToken)
        {
            id.Value = changed.Id;
            fields.Set(changed.Fields);
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
