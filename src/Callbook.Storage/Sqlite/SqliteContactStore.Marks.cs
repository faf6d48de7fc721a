using System.Diagnostics.CodeAnalysis;
using Callbook.Contacts;
using Callbook.Storage.Sql;
using Callbook.Storage.Sqlite.Internal;
using Callbook.Stores;
using Callbook.Tenancy;

namespace Callbook.Storage.Sqlite;

/// <summary>
/// Contacts on SQLite: a list by status alone at a deep offset (<see cref="PositionMarks.Serve"/>),
/// from the nearest position mark still valid. One read transaction holds the stream's counters
/// (total and change number), the steps from mark to mark and the page: the mark is used, and more
/// are taken on the way, only when the change number read here equals the one it was taken under;
/// else the page walks its offset from the start of the list, as without marks.
/// </summary>
internal sealed partial class SqliteContactStore
{
    private static readonly string[] HeadSql = [.. new[] { "active", "inactive", "active + inactive" }
        .Select(counts => $"SELECT coalesce(sum({counts}), 0), {ContactCounters.SqliteChangeNumber} FROM contact_counts WHERE stream_id = $stream")];

    private readonly PositionMarks marks = new();

    /// <summary>This store's position marks (the tests look at what it learnt).</summary>
    internal PositionMarks Marks => marks;

    [SuppressMessage("Security", "CA2100", Justification = "The WHERE clause is assembled from constant fragments; every value is a parameter.")]
    private async Task<ContactPage> ListMarkedAsync(ReadConnection connection, StreamScope scope, ContactListQuery query, CancellationToken cancellationToken)
    {
        var filter = Filter(query);
        await using var transaction = connection.BeginTransaction(deferred: true);
        var head = connection.Prepared(HeadSql[(int)query.Status], transaction);
        head.Parameters.AddWithValue("$stream", scope.StreamId);
        long total;
        string? changeNumber;
        await using (var reader = await head.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            total = reader.GetInt64(0);
            changeNumber = reader.IsDBNull(1) ? null : reader.GetString(1);
        }

        var start = marks.Find(scope.StreamId, query.Status, query.Skip);
        var valid = changeNumber is not null && start.ChangeNumber == changeNumber;
        var mark = valid ? start.Mark : 0;
        var key = valid && start.Key is { } found ? found : new ListPosition(long.MinValue, "");
        var taken = new List<ListPosition>();
        var step = connection.Prepared("SELECT created_at, id FROM " + filter + " AND (created_at, id) >= ($at, $id) " +
                                       $"ORDER BY created_at, id LIMIT 1 OFFSET {PositionMarks.Interval}", transaction);
        for (; valid && mark < query.Skip / PositionMarks.Interval; mark++)
        {
            step.Parameters.Clear();
            Bind(step, scope, query);
            step.Parameters.AddWithValue("$at", key.CreatedAtMs);
            step.Parameters.AddWithValue("$id", key.Id);
            await using var reader = await step.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                break; // the list ends before this mark
            }
            key = new ListPosition(reader.GetInt64(0), reader.GetString(1));
            taken.Add(key);
        }

        var page = connection.Prepared("SELECT " + ContactRows.Columns + " FROM " + filter + " AND (created_at, id) >= ($at, $id) " +
                                       "ORDER BY created_at, id LIMIT $limit OFFSET $skip", transaction);
        Bind(page, scope, query);
        page.Parameters.AddWithValue("$at", key.CreatedAtMs);
        page.Parameters.AddWithValue("$id", key.Id);
        page.Parameters.AddWithValue("$limit", query.Limit + 1);
        page.Parameters.AddWithValue("$skip", query.Skip - (mark * PositionMarks.Interval));
        var contacts = new List<Contact>(Math.Min(query.Limit + 1, 101));
        await using (var reader = await page.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                contacts.Add(ContactRows.Read(reader));
            }
        }
        marks.Learn(scope.StreamId, query.Status, changeNumber, start, taken);
        return ContactPage.FromProbe(contacts, total, query.Limit);
    }
}
