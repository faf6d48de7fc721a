using Callbook.Contacts;
using Callbook.Contacts.WriteModel;
using Callbook.Storage.Sqlite.Internal;
using Callbook.Stores;
using Callbook.Tenancy;
using Callbook.Webhooks;

namespace Callbook.Storage.Sqlite;

/// <summary>
/// Contacts on SQLite: inserts (create, import), one prepared INSERT per record on the single writer;
/// the rules of which record may claim a number are <see cref="ContactInserts"/>. Reads and changes
/// are in the .Reads and .Updates parts.
/// Every change queues its webhook deliveries (<see cref="SqliteOutbox"/>) in its own transaction.
/// </summary>
internal sealed partial class SqliteContactStore(SqliteDatabase database) : IContactStore, IContactOperatorStore
{
    public Task<CreateContactsResult> CreateContactsAsync(StreamScope scope, Actor actor, IReadOnlyList<ContactFields> contacts, CancellationToken cancellationToken) =>
        database.WriteAsync(async tx =>
        {
            var now = ChangeTime.Now(database.Clock);
            await using var insert = tx.Command(ContactRows.Insert);
            var p = ContactRows.PrepareInsert(insert, scope, actor);
            p.Now.Value = now.ToUnixTimeMilliseconds();
            insert.Prepare();
            await using var outbox = await SqliteOutbox.OpenAsync(tx, scope.StreamId, now.ToUnixTimeMilliseconds(), cancellationToken);
            var phones = contacts.Select(c => c.CellPhone.PhoneNumber).ToList();
            var repeats = ContactInserts.Repeats(phones);
            var refused = new Dictionary<string, string?>(StringComparer.Ordinal);
            var created = new List<Contact>(contacts.Count);
            for (var i = 0; i < contacts.Count; i++)
            {
                if (repeats[i] is not null)
                {
                    continue;
                }
                var id = Ids.NewContactId(now);
                p.Id.Value = id;
                p.Fields.Set(contacts[i]);
                if (await insert.ExecuteNonQueryAsync(cancellationToken) == 0)
                {
                    refused[phones[i]] = await FindHolderAsync(tx, scope.StreamId, phones[i], cancellationToken);
                    continue;
                }
                await outbox.AddAsync(id, 1, WebhookEventTypes.ContactCreated, cancellationToken);
                created.Add(ContactInserts.New(id, scope, actor, contacts[i], now));
            }
            var conflicts = ContactInserts.Conflicts(phones, repeats, refused);
            if (conflicts.Count > 0)
            {
                tx.RequestRollback();
                return new CreateContactsResult(null, conflicts);
            }
            tx.Count(scope.StreamId, ContactCounts.Inserted(created.Select(c => c.Status)));
            return new CreateContactsResult(created, []);
        }, cancellationToken);

    public Task<ImportResult> ImportContactsAsync(StreamScope scope, Actor actor, IAsyncEnumerable<ImportRow> rows, ImportOptions options, CancellationToken cancellationToken) =>
        database.WriteAsync(async tx =>
        {
            var now = ChangeTime.Now(database.Clock);
            await using var insert = tx.Command(ContactRows.Insert);
            var p = ContactRows.PrepareInsert(insert, scope, actor);
            p.Now.Value = now.ToUnixTimeMilliseconds();
            insert.Prepare();
            await using var outbox = await SqliteOutbox.OpenAsync(tx, scope.StreamId, now.ToUnixTimeMilliseconds(), cancellationToken);
            var report = new ImportReport(options);
            var created = options.KeepCreated ? new List<Contact>() : null;
            var counts = default(ContactCounts);
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
                    report.PhoneInUse(row, await FindHolderAsync(tx, scope.StreamId, row.Fields.CellPhone.PhoneNumber, cancellationToken));
                    continue;
                }
                await outbox.AddAsync(id, 1, WebhookEventTypes.ContactCreated, cancellationToken);
                report.Imported++;
                counts = counts.Plus(ContactCounts.One(row.Status));
                created?.Add(ContactInserts.New(id, scope, actor, row.Fields, now, row.Status));
            }
            if (report.Failed > 0 && !options.Partial)
            {
                tx.RequestRollback();
                return new ImportResult(report.Total, 0, report.Failed, report.Errors, created is null ? null : []);
            }
            tx.Count(scope.StreamId, counts);
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
