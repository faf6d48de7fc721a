using Callbook.Contacts;
using Callbook.Storage.Postgres.Internal;
using Callbook.Tenancy;

namespace Callbook.Storage.Postgres;

/// <summary>
/// Contacts on PostgreSQL: creates and single reads. Imports, updates and deletes, restores, and
/// lists, exports and history are in the other parts. Every write is set-based (one statement per batch, never one per record) and every
/// query filters on stream_id.
/// </summary>
internal sealed partial class PostgresContactStore(PostgresDatabase database) : IContactStore
{
    private const string SelectOneSql =
        "SELECT " + ContactRows.Columns + " FROM contacts WHERE id = @id AND stream_id = @stream";

    public Task<CreateContactsResult> CreateContactsAsync(StreamScope scope, Actor actor, IReadOnlyList<ContactFields> contacts, CancellationToken cancellationToken) =>
        database.WriteAsync(async tx =>
        {
            var now = ContactRows.Truncate(database.Clock.GetUtcNow());
            var rows = new ContactColumns(contacts.Count);
            var rowIndex = new List<int>(contacts.Count);
            var conflicts = new List<PhoneConflict>();
            var firstIndexByPhone = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < contacts.Count; i++)
            {
                var phone = contacts[i].CellPhone.PhoneNumber;
                if (firstIndexByPhone.TryGetValue(phone, out var earlier))
                {
                    conflicts.Add(new PhoneConflict(i, null, earlier));
                    continue;
                }
                firstIndexByPhone[phone] = i;
                rows.Add(Ids.NewContactId(now), contacts[i]);
                rowIndex.Add(i);
            }
            var inserted = await rows.InsertAsync(tx, scope, actor, now, cancellationToken);
            if (inserted.Count < rows.Count)
            {
                var taken = Enumerable.Range(0, rows.Count).Where(r => !inserted.Contains(rows.Id(r))).ToList();
                var holders = await ContactRows.FindHoldersAsync(tx, scope.StreamId, taken.Select(r => rows.Fields(r).CellPhone.PhoneNumber), cancellationToken);
                conflicts.AddRange(taken.Select(r => new PhoneConflict(rowIndex[r], holders.GetValueOrDefault(rows.Fields(r).CellPhone.PhoneNumber), null)));
            }
            if (conflicts.Count > 0)
            {
                tx.RequestRollback();
                return new CreateContactsResult(null, [.. conflicts.OrderBy(c => c.Index)]);
            }
            var created = new List<Contact>(rows.Count);
            for (var r = 0; r < rows.Count; r++)
            {
                created.Add(ContactRows.NewContact(rows.Id(r), scope, actor, rows.Fields(r), now));
            }
            return new CreateContactsResult(created, []);
        }, cancellationToken);

    public async Task<IReadOnlyDictionary<ContactStatus, long>> CountByStatusAsync(CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand("SELECT status, count(*) FROM contacts GROUP BY status");
        var counts = new Dictionary<ContactStatus, long> { [ContactStatus.Active] = 0, [ContactStatus.Inactive] = 0 };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            counts[ContactStatusNames.Parse(reader.GetString(0))] = reader.GetInt64(1);
        }
        return counts;
    }

    public async Task<Contact?> FindContactAsync(StreamScope scope, string id, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand(SelectOneSql);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("stream", scope.StreamId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ContactRows.Read(reader) : null;
    }
}
