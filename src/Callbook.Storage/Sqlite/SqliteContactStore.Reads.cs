using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text;
using Callbook.Contacts;
using Callbook.Storage.Sql;
using Callbook.Storage.Sqlite.Internal;
using Callbook.Stores;
using Callbook.Tenancy;
using Microsoft.Data.Sqlite;

namespace Callbook.Storage.Sqlite;

/// <summary>Contacts on SQLite: one contact, pages (offset or keyset, with search and phone filters), export, history.</summary>
internal sealed partial class SqliteContactStore
{
    public async Task<Contact?> FindContactAsync(StreamScope scope, string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        var command = connection.Prepared(SelectOneSql);
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$stream", scope.StreamId);
        return await ReadOneAsync(command, cancellationToken);
    }

    [SuppressMessage("Security", "CA2100", Justification = "The WHERE clause is assembled from constant fragments; every value is a parameter.")]
    public async Task<ContactPage> ListContactsAsync(StreamScope scope, ContactListQuery query, CancellationToken cancellationToken)
    {
        var filter = Filter(query);
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        // A caller lookup's page is one statement, atomic on its own; it is its own total unless it is full.
        if (query.IsPhoneLookup && await ReadPageAsync(connection, null, filter, scope, query, cancellationToken) is { Count: var found } lookup && found <= query.Limit)
        {
            return new ContactPage(lookup, found, false);
        }
        if (PositionMarks.Serve(query))
        {
            return await ListMarkedAsync(connection, scope, query, cancellationToken);
        }
        // One read transaction: the page and the count come from the same snapshot.
        await using var transaction = connection.BeginTransaction(deferred: true);
        var contacts = await ReadPageAsync(connection, transaction, filter, scope, query, cancellationToken);
        var hasMore = contacts.Count > query.Limit;
        if (hasMore)
        {
            contacts.RemoveAt(contacts.Count - 1);
        }
        if (query.Skip == 0 && query.After is null && !hasMore)
        {
            return new ContactPage(contacts, contacts.Count, false);
        }
        // A list by status alone reads the stream's counters; a name or number filter counts its (few) matches.
        SqliteCommand count;
        if (IsCounted(query))
        {
            count = connection.Prepared(CountedTotalSql[(int)query.Status], transaction);
            count.Parameters.AddWithValue("$stream", scope.StreamId);
        }
        else
        {
            count = connection.Prepared("SELECT count(*) FROM " + filter, transaction);
            Bind(count, scope, query);
        }
        return new ContactPage(contacts, (long)(await count.ExecuteScalarAsync(cancellationToken))!, hasMore);
    }

    /// <summary>Up to Limit + 1 rows of the page (one more than asked tells whether more follow).</summary>
    [SuppressMessage("Security", "CA2100", Justification = "The WHERE clause is assembled from constant fragments; every value is a parameter.")]
    private static async Task<List<Contact>> ReadPageAsync(ReadConnection connection, SqliteTransaction? transaction, string filter, StreamScope scope, ContactListQuery query, CancellationToken cancellationToken)
    {
        var page = connection.Prepared("SELECT " + ContactRows.Columns + " FROM " + filter +
                                       (query.After is null ? "" : " AND (created_at, id) > ($after_at, $after_id)") +
                                       " ORDER BY created_at, id LIMIT $limit OFFSET $skip", transaction);
        Bind(page, scope, query);
        if (query.After is { } after)
        {
            page.Parameters.AddWithValue("$after_at", after.CreatedAtMs);
            page.Parameters.AddWithValue("$after_id", after.Id);
        }
        page.Parameters.AddWithValue("$limit", query.Limit + 1);
        page.Parameters.AddWithValue("$skip", query.Skip);
        var contacts = new List<Contact>(Math.Min(query.Limit + 1, 101));
        await using var reader = await page.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            contacts.Add(ContactRows.Read(reader));
        }
        return contacts;
    }

    /// <summary>The total of a list by status alone, from the stream's counters (contact_counts), by <see cref="StatusFilter"/>.</summary>
    private static readonly string[] CountedTotalSql = [.. new[] { "active", "inactive", "active + inactive" }
        .Select(counts => $"SELECT coalesce(sum({counts}), 0) FROM contact_counts WHERE stream_id = $stream")];

    private static bool IsCounted(ContactListQuery query) => query.SearchPrefix is null && query.Phones is not { Count: > 0 };

    [SuppressMessage("Security", "CA2100", Justification = "The WHERE clause is assembled from constant fragments; every value is a parameter.")]
    public async IAsyncEnumerable<Contact> StreamContactsAsync(StreamScope scope, StatusFilter status, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var query = new ContactListQuery(status, 0, 0);
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: true);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT " + ContactRows.Columns + " FROM " + Filter(query) + " ORDER BY created_at, id";
        Bind(command, scope, query);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return ContactRows.Read(reader);
        }
    }

    public async Task<IReadOnlyDictionary<ContactStatus, long>> CountByStatusAsync(CancellationToken cancellationToken)
    {
        await using var session = await database.Dialect.ReadAsync(cancellationToken);
        return await ContactCounters.ReadInstallationAsync(session, cancellationToken);
    }

    public async Task<IReadOnlyList<HistoryEntry>?> GetHistoryAsync(StreamScope scope, string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: true);
        await using var exists = connection.CreateCommand();
        exists.Transaction = transaction;
        // An erased contact keeps its history entries (who and when, no values) under its tombstone.
        exists.CommandText = "SELECT EXISTS (SELECT 1 FROM contacts WHERE id = $id AND stream_id = $stream) " +
            "OR EXISTS (SELECT 1 FROM erased_contacts WHERE id = $id AND stream_id = $stream)";
        exists.Parameters.AddWithValue("$id", id);
        exists.Parameters.AddWithValue("$stream", scope.StreamId);
        if ((long)(await exists.ExecuteScalarAsync(cancellationToken))! == 0)
        {
            return null;
        }
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT at, user_id, app_actor_id, operation, changes FROM contact_history WHERE stream_id = $stream AND contact_id = $id ORDER BY seq";
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$stream", scope.StreamId);
        var entries = new List<HistoryEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new HistoryEntry(DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0)), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4)));
        }
        return entries;
    }

    /// <summary>
    /// The FROM … WHERE of a list: tenant, status, phone numbers, name prefix; values are bound by
    /// <see cref="Bind"/>. Without statistics SQLite would drive every filter from the (stream,
    /// status, created_at) index that gives the order, i.e. scan the stream; so a caller lookup is
    /// pinned to the phone index, and a name search starts from the two prefix indexes (the '+'
    /// keeps the outer query off the ordering index).
    /// </summary>
    private static string Filter(ContactListQuery query)
    {
        var phones = query.Phones is { Count: > 0 };
        var viaSearch = query.SearchPrefix is not null && !phones;
        var sql = new StringBuilder(phones ? "contacts INDEXED BY contacts_by_phone WHERE " : "contacts WHERE ");
        sql.Append(viaSearch ? "+stream_id = $stream" : "stream_id = $stream");
        if (query.Status != StatusFilter.All)
        {
            sql.Append(viaSearch ? " AND +status = $status" : " AND status = $status");
        }
        if (phones)
        {
            sql.Append(" AND phone_number IN (").AppendJoin(", ", Enumerable.Range(0, query.Phones!.Count).Select(i => "$phone" + i)).Append(')');
        }
        if (query.SearchPrefix is not null)
        {
            sql.Append(" AND id IN (SELECT id FROM contacts WHERE stream_id = $stream AND search_full >= $q AND search_full < $q_end " +
                       "UNION ALL SELECT id FROM contacts WHERE stream_id = $stream AND search_last >= $q AND search_last < $q_end)");
        }
        return sql.ToString();
    }

    private static void Bind(SqliteCommand command, StreamScope scope, ContactListQuery query)
    {
        command.Parameters.AddWithValue("$stream", scope.StreamId);
        if (query.Status != StatusFilter.All)
        {
            command.Parameters.AddWithValue("$status", query.Status == StatusFilter.Active ? ContactStatusNames.Active : ContactStatusNames.Inactive);
        }
        for (var i = 0; i < (query.Phones?.Count ?? 0); i++)
        {
            command.Parameters.AddWithValue("$phone" + i, query.Phones![i]);
        }
        if (query.SearchPrefix is { } prefix)
        {
            command.Parameters.AddWithValue("$q", prefix);
            command.Parameters.AddWithValue("$q_end", ContactSearch.UpperBound(prefix));
        }
    }
}
