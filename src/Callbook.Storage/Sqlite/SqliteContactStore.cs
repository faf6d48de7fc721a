using Callbook.Contacts;
using Callbook.Errors;
using Callbook.Storage.Sqlite.Internal;
using Callbook.Tenancy;
using Callbook.Webhooks;

namespace Callbook.Storage.Sqlite;

/// <summary>
/// Contacts on SQLite: inserts (create, import). Reads and changes are in the .Reads and .Updates parts.
/// Every change queues its webhook deliveries (<see cref="SqliteOutbox"/>) in its own transaction.
/// </summary>
internal sealed partial class SqliteContactStore(SqliteDatabase database) : IContactStore
{
    public Task<CreateContactsResult> CreateContactsAsync(StreamScope scope, Actor actor, IReadOnlyList<ContactFields> contacts, CancellationToken cancellationToken) =>
        database.WriteAsync(async tx =>
        {
            var now = ContactRows.Truncate(database.Clock.GetUtcNow());
            await using var insert = tx.Command(ContactRows.Insert);
            var p = ContactRows.PrepareInsert(insert, scope, actor);
            p.Now.Value = now.ToUnixTimeMilliseconds();
            insert.Prepare();
            await using var outbox = await SqliteOutbox.OpenAsync(tx, scope.StreamId, now.ToUnixTimeMilliseconds(), cancellationToken);
            var created = new List<Contact>(contacts.Count);
            var conflicts = new List<PhoneConflict>();
            var firstIndexByPhone = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < contacts.Count; i++)
            {
                var fields = contacts[i];
                var phone = fields.CellPhone.PhoneNumber;
                if (firstIndexByPhone.TryGetValue(phone, out var earlier))
                {
                    conflicts.Add(new PhoneConflict(i, null, earlier));
                    continue;
                }
                firstIndexByPhone[phone] = i;
                var id = Ids.NewContactId(now);
                p.Id.Value = id;
                p.Fields.Set(fields);
                if (await insert.ExecuteNonQueryAsync(cancellationToken) == 0)
                {
                    conflicts.Add(new PhoneConflict(i, await FindHolderAsync(tx, scope.StreamId, phone, cancellationToken), null));
                    continue;
                }
                await outbox.AddAsync(id, 1, WebhookEventTypes.ContactCreated, cancellationToken);
                created.Add(ContactRows.NewContact(id, scope, actor, fields, now));
            }
            if (conflicts.Count > 0)
            {
                tx.RequestRollback();
                return new CreateContactsResult(null, conflicts);
            }
            return new CreateContactsResult(created, []);
        }, cancellationToken);

    public Task<ImportResult> ImportContactsAsync(StreamScope scope, Actor actor, IAsyncEnumerable<ImportRow> rows, ImportOptions options, CancellationToken cancellationToken) =>
        database.WriteAsync(async tx =>
        {
            var now = ContactRows.Truncate(database.Clock.GetUtcNow());
            await using var insert = tx.Command(ContactRows.Insert);
            var p = ContactRows.PrepareInsert(insert, scope, actor);
            p.Now.Value = now.ToUnixTimeMilliseconds();
            insert.Prepare();
            await using var outbox = await SqliteOutbox.OpenAsync(tx, scope.StreamId, now.ToUnixTimeMilliseconds(), cancellationToken);
            var report = new ImportReport(options);
            var created = options.KeepCreated ? new List<Contact>() : null;
            await foreach (var row in rows.WithCancellation(cancellationToken))
            {
                report.Total++;
                if (row.Fields is null)
                {
                    report.Fail(row, row.Errors);
                    continue;
                }
                var id = Ids.NewContactId(now);
                p.Id.Value = id;
                p.Status.Value = row.Status.ToWire();
                p.Fields.Set(row.Fields);
                // An INACTIVE row is outside the partial unique index: it never conflicts with an active holder.
                if (await insert.ExecuteNonQueryAsync(cancellationToken) == 0)
                {
                    var holder = await FindHolderAsync(tx, scope.StreamId, row.Fields.CellPhone.PhoneNumber, cancellationToken);
                    report.Fail(row, [ContactErrors.PhoneInUse("cellPhoneNumber", holder, null, row.Row)]);
                    continue;
                }
                await outbox.AddAsync(id, 1, WebhookEventTypes.ContactCreated, cancellationToken);
                report.Imported++;
                created?.Add(ContactRows.NewContact(id, scope, actor, row.Fields, now, row.Status));
            }
            if (report.Failed > 0 && !options.Partial)
            {
                tx.RequestRollback();
                return new ImportResult(report.Total, 0, report.Failed, report.Errors, created is null ? null : []);
            }
            return new ImportResult(report.Total, report.Imported, report.Failed, report.Errors, created);
        }, cancellationToken);

    private static async Task<string?> FindHolderAsync(WriteTransaction tx, string streamId, string phone, CancellationToken cancellationToken)
    {
        await using var command = tx.Command(ContactRows.SelectActiveHolder);
        command.Parameters.AddWithValue("$stream", streamId);
        command.Parameters.AddWithValue("$phone", phone);
        return (string?)await command.ExecuteScalarAsync(cancellationToken);
    }
}
