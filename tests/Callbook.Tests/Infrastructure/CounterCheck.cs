using System.Globalization;
using System.Net;

namespace Callbook.Tests.Infrastructure;

/// <summary>
/// A stream's contact counters (<c>contact_counts</c>) against a real <c>COUNT(*)</c> of its rows,
/// read straight from the database in one statement (one snapshot), and the totals the API answers.
/// </summary>
public static class CounterCheck
{
    private const string Sql =
        "SELECT (SELECT coalesce(sum(active), 0) FROM contact_counts WHERE stream_id = @stream), " +
        "(SELECT coalesce(sum(inactive), 0) FROM contact_counts WHERE stream_id = @stream), " +
        "(SELECT count(*) FROM contacts WHERE stream_id = @stream AND status = 'ACTIVE'), " +
        "(SELECT count(*) FROM contacts WHERE stream_id = @stream AND status = 'INACTIVE')";

    /// <summary>The counters and the rows of a stream, as (active, inactive) each.</summary>
    public static async Task<((long Active, long Inactive) Counters, (long Active, long Inactive) Rows)> ReadAsync(string db, string streamId)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var connection = TestDatabases.OpenDirect(db);
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = Sql;
        var stream = command.CreateParameter();
        stream.ParameterName = "stream";
        stream.Value = streamId;
        command.Parameters.Add(stream);
        await using var reader = await command.ExecuteReaderAsync(ct);
        Assert.True(await reader.ReadAsync(ct));
        long Read(int i) => Convert.ToInt64(reader.GetValue(i), CultureInfo.InvariantCulture);
        return ((Read(0), Read(1)), (Read(2), Read(3)));
    }

    /// <summary>The counters equal the rows; returns the rows (active, inactive).</summary>
    public static async Task<(long Active, long Inactive)> AssertExactAsync(string db, string streamId)
    {
        var (counters, rows) = await ReadAsync(db, streamId);
        Assert.Equal(rows, counters);
        return rows;
    }

    /// <summary>
    /// The counters equal the rows, and every list by status alone answers them as its total: the
    /// first page, a page at an offset and a page by cursor.
    /// </summary>
    public static async Task<(long Active, long Inactive)> AssertExactAsync(CallbookFactory factory, TenantClient api)
    {
        var rows = await AssertExactAsync(factory.Db, api.StreamId);
        foreach (var (status, expected) in new[] { ("ACTIVE", rows.Active), ("INACTIVE", rows.Inactive), ("ALL", rows.Active + rows.Inactive) })
        {
            var first = await Bodies.ReadAsync(await api.GetAsync($"contacts?status={status}&limit=1"), HttpStatusCode.OK);
            Assert.Equal(expected, first.GetProperty("totalResults").GetInt64());
            var later = await Bodies.ReadAsync(await api.GetAsync($"contacts?status={status}&limit=1&skip=1"), HttpStatusCode.OK);
            Assert.Equal(expected, later.GetProperty("totalResults").GetInt64());
            if (first.TryGetProperty("nextCursor", out var next) && next.GetString() is { } cursor)
            {
                var byCursor = await Bodies.ReadAsync(await api.GetAsync($"contacts?status={status}&limit=1&cursor={Uri.EscapeDataString(cursor)}"), HttpStatusCode.OK);
                Assert.Equal(expected, byCursor.GetProperty("totalResults").GetInt64());
            }
        }
        return rows;
    }
}
