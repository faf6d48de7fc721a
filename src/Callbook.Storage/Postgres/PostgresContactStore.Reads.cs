using System.Data;
using System.Runtime.CompilerServices;
using Callbook.Contacts;
using Callbook.Storage.Postgres.Internal;
using Callbook.Storage.Sql;
using Callbook.Stores;
using Callbook.Tenancy;
using Npgsql;

namespace Callbook.Storage.Postgres;

/// <summary>Contacts on PostgreSQL: lists (search, caller lookup, paging), the export stream, history.</summary>
internal sealed partial class PostgresContactStore
{
    private const string StreamAllSql =
        "SELECT " + ContactRows.Columns + " FROM contacts WHERE stream_id = @stream ORDER BY created_at, id";

    private const string StreamByStatusSql =
        "SELECT " + ContactRows.Columns + " FROM contacts WHERE stream_id = @stream AND status = @status ORDER BY created_at, id";

    private readonly PositionMarks marks = new();

    /// <summary>This store's position marks (the tests look at what it learnt).</summary>
    internal PositionMarks Marks => marks;

    public Task<ContactPage> ListContactsAsync(StreamScope scope, ContactListQuery query, CancellationToken cancellationToken) =>
        PositionMarks.Serve(query)
            ? reads.RunAsync((scope, query, marks), static (source, s, ct) => ListMarkedAsync(source, s.scope, s.query, s.marks, ct), cancellationToken)
            : reads.RunAsync((scope, query), static (source, s, ct) => ListContactsAsync(source, s.scope, s.query, ct), cancellationToken);

    /// <summary>A page by status alone at a deep offset: from the nearest position mark still valid (<see cref="MarkedListSql"/>).</summary>
    private static async Task<ContactPage> ListMarkedAsync(NpgsqlDataSource source, StreamScope scope, ContactListQuery query, PositionMarks marks, CancellationToken cancellationToken)
    {
        var start = marks.Find(scope.StreamId, query.Status, query.Skip);
        await using var command = MarkedListSql.Command(source, scope.StreamId, query, start);
        var contacts = new List<Contact>(Math.Min(query.Limit, 1000) + 1);
        var taken = new List<ListPosition>();
        long total = 0;
        string? changeNumber = null;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                total = reader.GetInt64(MarkedListSql.TotalColumn);
                changeNumber = reader.IsDBNull(MarkedListSql.ChangeNumberColumn) ? null : reader.GetString(MarkedListSql.ChangeNumberColumn);
                if (!reader.IsDBNull(MarkedListSql.MarkColumn))
                {
                    taken.Add(MarkedListSql.ReadMark(reader)); // in mark order: they follow the page's rows
                }
                else if (!reader.IsDBNull(0))
                {
                    contacts.Add(ContactRows.Read(reader));
                }
            }
        }
        marks.Learn(scope.StreamId, query.Status, changeNumber, start, taken);
        return ContactPage.FromProbe(contacts, total, query.Limit);
    }

    private static async Task<ContactPage> ListContactsAsync(NpgsqlDataSource source, StreamScope scope, ContactListQuery query, CancellationToken cancellationToken)
    {
        if (query.IsPhoneLookup && await PhoneLookupSql.TryReadAsync(source, scope.StreamId, query, cancellationToken) is { } found)
        {
            return found;
        }
        await using var command = ListSql.Command(source, scope.StreamId, query);
        var contacts = new List<Contact>(Math.Min(query.Limit, 1000) + 1);
        long total = 0;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                total = reader.GetInt64(ListSql.TotalColumn);
                if (!reader.IsDBNull(0))
                {
                    contacts.Add(ContactRows.Read(reader));
                }
            }
        }
        var hasMore = contacts.Count > query.Limit;
        if (hasMore)
        {
            contacts.RemoveAt(contacts.Count - 1);
        }
        else if (ListSql.IsFirstPage(query))
        {
            total = contacts.Count; // no count ran: the page is everything
        }
        return new ContactPage(contacts, total, hasMore);
    }

    public async IAsyncEnumerable<Contact> StreamContactsAsync(StreamScope scope, StatusFilter status, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await reads.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        var readOnly = new NpgsqlBatchCommand("SET TRANSACTION READ ONLY");
        var select = new NpgsqlBatchCommand(status == StatusFilter.All ? StreamAllSql : StreamByStatusSql);
        select.Parameters.AddWithValue("stream", scope.StreamId);
        if (status != StatusFilter.All)
        {
            select.Parameters.AddWithValue("status", status == StatusFilter.Active ? ContactStatusNames.Active : ContactStatusNames.Inactive);
        }
        await using var batch = new NpgsqlBatch(connection, transaction) { BatchCommands = { readOnly, select } };
        // Rows are read off the wire as the consumer asks for them; the server waits meanwhile.
        var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var finished = false;
        try
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                yield return ContactRows.Read(reader);
            }
            finished = true;
        }
        finally
        {
            await CloseAsync(batch, reader, finished);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    public Task<IReadOnlyList<HistoryEntry>?> GetHistoryAsync(StreamScope scope, string id, CancellationToken cancellationToken) =>
        reads.RunAsync((scope, id), static (source, s, ct) => GetHistoryAsync(source, s.scope, s.id, ct), cancellationToken);

    private static async Task<IReadOnlyList<HistoryEntry>?> GetHistoryAsync(NpgsqlDataSource source, StreamScope scope, string id, CancellationToken cancellationToken)
    {
        await using var command = source.CreateCommand(HistoryRows.Select);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("stream", scope.StreamId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await HistoryRows.ReadAsync(reader, cancellationToken);
    }

    /// <summary>
    /// Closes the export's reader. A consumer that stops early would otherwise make the close read
    /// (and drop) every row left: the statement is cancelled first, and its cancellation error ignored.
    /// </summary>
    private static async ValueTask CloseAsync(NpgsqlBatch batch, NpgsqlDataReader reader, bool finished)
    {
        if (finished)
        {
            await reader.DisposeAsync();
            return;
        }
        try
        {
            batch.Cancel();
            await reader.DisposeAsync();
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException)
        {
            // The rows were not wanted any more; the connection goes back to the pool usable or is dropped.
        }
    }
}
