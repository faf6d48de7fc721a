using Callbook.Contacts;
using Callbook.Storage.Sqlite.Internal;
using Callbook.Tenancy;
using Microsoft.Data.Sqlite;

namespace Callbook.Storage.Sqlite;

/// <summary>Contacts on SQLite: updates and soft deletes, one record or many.</summary>
internal sealed partial class SqliteContactStore
{
    private const int SqliteConstraintUnique = 2067;

    private const string UpdateSql =
        "UPDATE contacts SET first_name = $first, last_name = $last, salutation = $salutation, " +
        "phone_extension = $extension, phone_number = $phone, phone_country_code = $country, " +
        "address = $address, twitter_details = $twitter, updated_at = $now, updated_by = $user, updated_by_aid = $app " +
        "WHERE id = $id AND stream_id = $stream AND status = 'ACTIVE' RETURNING " + ContactRows.Columns;

    private const string DeleteSql =
        "UPDATE contacts SET status = 'INACTIVE', updated_at = $now, updated_by = $user, updated_by_aid = $app " +
        "WHERE id = $id AND stream_id = $stream AND status = 'ACTIVE' RETURNING " + ContactRows.Columns;

    private const string SelectOneSql =
        "SELECT " + ContactRows.Columns + " FROM contacts WHERE id = $id AND stream_id = $stream";

    public async Task<ContactWriteResult> UpdateContactAsync(StreamScope scope, Actor actor, string id, ContactFields fields, CancellationToken cancellationToken) =>
        (await UpdateContactsAsync(scope, actor, [new ContactUpdate(id, fields)], cancellationToken))[0];

    public Task<IReadOnlyList<ContactWriteResult>> UpdateContactsAsync(StreamScope scope, Actor actor, IReadOnlyList<ContactUpdate> updates, CancellationToken cancellationToken) =>
        database.WriteAsync<IReadOnlyList<ContactWriteResult>>(async tx =>
        {
            await using var update = tx.Command(UpdateSql);
            var id = BindWrite(update, scope, actor, database.Clock);
            var fields = ContactRows.FieldParameters.Add(update);
            update.Prepare();
            var results = new ContactWriteResult[updates.Count];
            for (var i = 0; i < updates.Count; i++)
            {
                id.Value = updates[i].Id;
                fields.Set(updates[i].Fields);
                try
                {
                    // A failing statement is undone on its own (SQLite's statement-level ABORT):
                    // the transaction and the other records go on.
                    results[i] = await ReadOneAsync(update, cancellationToken) is { } contact
                        ? new ContactWriteResult(WriteOutcome.Done, contact)
                        : ContactWriteResult.NotFound;
                }
                catch (SqliteException e) when (e.SqliteExtendedErrorCode == SqliteConstraintUnique)
                {
                    var holder = await FindHolderAsync(tx, scope.StreamId, updates[i].Fields.CellPhone.PhoneNumber, cancellationToken);
                    results[i] = new ContactWriteResult(WriteOutcome.PhoneInUse, null, holder);
                }
            }
            return results;
        }, cancellationToken);

    public async Task<ContactWriteResult> DeleteContactAsync(StreamScope scope, Actor actor, string id, CancellationToken cancellationToken) =>
        (await DeleteContactsAsync(scope, actor, [id], cancellationToken))[0];

    public Task<IReadOnlyList<ContactWriteResult>> DeleteContactsAsync(StreamScope scope, Actor actor, IReadOnlyList<string> ids, CancellationToken cancellationToken) =>
        database.WriteAsync<IReadOnlyList<ContactWriteResult>>(async tx =>
        {
            await using var delete = tx.Command(DeleteSql);
            var id = BindWrite(delete, scope, actor, database.Clock);
            delete.Prepare();
            await using var select = tx.Command(SelectOneSql);
            var selectId = select.Parameters.Add("$id", SqliteType.Text);
            select.Parameters.AddWithValue("$stream", scope.StreamId);
            var results = new ContactWriteResult[ids.Count];
            for (var i = 0; i < ids.Count; i++)
            {
                id.Value = ids[i];
                var deleted = await ReadOneAsync(delete, cancellationToken);
                if (deleted is null)
                {
                    // Already inactive: answered unchanged. Unknown or foreign: not found.
                    selectId.Value = ids[i];
                    deleted = await ReadOneAsync(select, cancellationToken);
                }
                results[i] = deleted is null ? ContactWriteResult.NotFound : new ContactWriteResult(WriteOutcome.Done, deleted);
            }
            return results;
        }, cancellationToken);

    private static SqliteParameter BindWrite(SqliteCommand command, StreamScope scope, Actor actor, TimeProvider clock)
    {
        command.Parameters.AddWithValue("$stream", scope.StreamId);
        command.Parameters.AddWithValue("$user", actor.UserId);
        command.Parameters.AddWithValue("$app", actor.AppActorId);
        command.Parameters.AddWithValue("$now", clock.GetUtcNow().ToUnixTimeMilliseconds());
        return command.Parameters.Add("$id", SqliteType.Text);
    }

    private static async Task<Contact?> ReadOneAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ContactRows.Read(reader) : null;
    }
}
