using Callbook.Contacts;
using Callbook.Contacts.WriteModel;
using Callbook.Storage.Postgres.Internal;
using Callbook.Storage.Sql;
using Callbook.Stores;
using Callbook.Tenancy;
using Npgsql;

namespace Callbook.Storage.Postgres;

/// <summary>
/// Contacts on PostgreSQL: creates and single reads. Imports, updates and deletes, restores, and
/// lists, exports and history are in the other parts. Every write is set-based (one statement per batch, never one per record) and every
/// query filters on stream_id. Writes use the primary; the reads of <see cref="IContactReads"/> run
/// where <paramref name="reads"/> says (the primary, or the read standbys).
/// </summary>
internal sealed partial class PostgresContactStore(PostgresDatabase database, PostgresReads reads) : IContactStore, IContactOperatorStore
{
    private const string SelectOneSql =
        "SELECT " + ContactRows.Columns + " FROM contacts WHERE id = @id AND stream_id = @stream";

    public Task<CreateContactsResult> CreateContactsAsync(StreamScope scope, Actor actor, IReadOnlyList<ContactFields> contacts, CancellationToken cancellationToken) =>
        database.WriteAsync(async tx =>
        {
            var now = ChangeTime.Now(database.Clock);
            var phones = contacts.Select(c => c.CellPhone.PhoneNumber).ToList();
            var repeats = ContactInserts.Repeats(phones);
            var rows = new ContactColumns(contacts.Count);
            for (var i = 0; i < contacts.Count; i++)
            {
                if (repeats[i] is null)
                {
                    rows.Add(Ids.NewContactId(now), contacts[i]);
                }
            }
            var inserted = await rows.InsertAsync(tx, scope, actor, now, cancellationToken);
            var refused = new Dictionary<string, string?>(StringComparer.Ordinal);
            if (inserted.Count < rows.Count)
            {
                var taken = Enumerable.Range(0, rows.Count).Where(r => !inserted.Contains(rows.Id(r))).Select(r => rows.Fields(r).CellPhone.PhoneNumber).ToList();
                var holders = await ContactRows.FindHoldersAsync(tx, scope.StreamId, taken, cancellationToken);
                foreach (var phone in taken)
                {
                    refused[phone] = holders.GetValueOrDefault(phone);
                }
            }
            var conflicts = ContactInserts.Conflicts(phones, repeats, refused);
            if (conflicts.Count > 0)
            {
                tx.RequestRollback();
                return new CreateContactsResult(null, conflicts);
            }
            var created = new List<Contact>(rows.Count);
            for (var r = 0; r < rows.Count; r++)
            {
                created.Add(ContactInserts.New(rows.Id(r), scope, actor, rows.Fields(r), now));
            }
            tx.Count(scope.StreamId, ContactCounts.Inserted(created.Select(c => c.Status)));
            return new CreateContactsResult(created, []);
        }, cancellationToken);

    /// <summary>The installation's counts by status, from the per-stream counters, on the primary (an operator's figure).</summary>
    public async Task<IReadOnlyDictionary<ContactStatus, long>> CountByStatusAsync(CancellationToken cancellationToken)
    {
        await using var session = await database.Dialect.ReadAsync(cancellationToken);
        return await ContactCounters.ReadInstallationAsync(session, cancellationToken);
    }

    public Task<Contact?> FindContactAsync(StreamScope scope, string id, CancellationToken cancellationToken) =>
        reads.RunAsync((scope, id), static (source, s, ct) => FindContactAsync(source, s.scope, s.id, ct), cancellationToken);

    private static async Task<Contact?> FindContactAsync(NpgsqlDataSource source, StreamScope scope, string id, CancellationToken cancellationToken)
    {
        await using var command = source.CreateCommand(SelectOneSql);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("stream", scope.StreamId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ContactRows.Read(reader) : null;
    }
}
