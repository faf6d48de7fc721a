using Callbook.Contacts;
using Callbook.Storage.Sql;
using Callbook.Stores;
using Npgsql;
using NpgsqlTypes;

namespace Callbook.Storage.Postgres.Internal;

/// <summary>
/// A list by status alone at a deep offset (<see cref="PositionMarks.Serve"/>), in one statement,
/// so one snapshot: the total and the stream's change number from its counters; if the change
/// number the caller's mark was taken under equals the one read here, the start is that mark and
/// one index step of 1,000 entries per mark follows, up to mark offset / 1,000 (each step's key is
/// returned, as a row of its own, for the cache); else the start is the start of the list and no
/// step is taken; then the page, walking what is left of the offset (keys in the ordering index
/// first, then the rows by primary key, as <see cref="ListSql"/> does).
/// <para>
/// On a standby the counters' change numbers replicate with the contacts in the same WAL, so a
/// snapshot there sees the numbers of exactly the writes whose rows it sees: the same rule holds
/// whichever server runs the statement.
/// </para>
/// </summary>
internal static class MarkedListSql
{
    /// <summary>The total (every row carries it).</summary>
    public const int TotalColumn = ContactRows.ColumnCount;

    /// <summary>The stream's change number in the statement's snapshot (null: the stream has no counters).</summary>
    public const int ChangeNumberColumn = ContactRows.ColumnCount + 1;

    /// <summary>On a mark's row: its number k (the key of entry 1,000·k); null on a page row.</summary>
    public const int MarkColumn = ContactRows.ColumnCount + 2;

    private const string Sql =
        "WITH RECURSIVE head AS (SELECT CAST(coalesce(sum({counts}), 0) AS bigint) AS n, " + ContactCounters.PostgresChangeNumber + " AS v " +
        "FROM contact_counts WHERE stream_id = @stream), " +
        "seed AS (SELECT CASE WHEN head.v = @known THEN @from_mark ELSE 0 END AS k, " +
        "CASE WHEN head.v = @known THEN @from_at ELSE CAST('-9223372036854775808' AS bigint) END AS at, " +
        "CAST(CASE WHEN head.v = @known THEN @from_id ELSE '' END AS text) COLLATE \"C\" AS id, " +
        "CASE WHEN head.v = @known THEN @to_mark ELSE 0 END AS target FROM head), " +
        "marks (k, at, id) AS (SELECT k, at, id FROM seed UNION ALL " +
        "SELECT m.k + 1, s.created_at, s.id FROM marks m CROSS JOIN LATERAL (SELECT created_at, id FROM contacts " +
        "WHERE {where} AND (created_at, id) >= (m.at, m.id) ORDER BY created_at, id OFFSET {interval} LIMIT 1) s WHERE m.k < (SELECT target FROM seed)), " +
        "last AS (SELECT k, at, id FROM marks ORDER BY k DESC LIMIT 1) " +
        "SELECT page.*, head.n, head.v, NULL::int AS mark, NULL::bigint AS mark_at, NULL::text AS mark_id " +
        "FROM head CROSS JOIN last LEFT JOIN LATERAL (SELECT " + ContactRows.QualifiedColumns + " FROM (SELECT id FROM contacts " +
        "WHERE {where} AND (created_at, id) >= (last.at, last.id) ORDER BY created_at, id LIMIT @take OFFSET @skip - {interval} * last.k) k " +
        "JOIN contacts c ON c.id = k.id AND c.stream_id = @stream) page ON true " +
        "UNION ALL SELECT {nulls}, head.n, head.v, m.k, m.at, m.id FROM head, marks m WHERE m.k > (SELECT k FROM seed) " +
        "ORDER BY mark NULLS FIRST, created_at, id";

    // Indexed by StatusFilter.
    private static readonly string[] Texts = [.. Enum.GetValues<StatusFilter>().Select(Build)];

    /// <summary>The statement for a page at <paramref name="query"/>'s offset, starting at <paramref name="start"/> when it is still valid.</summary>
    public static NpgsqlCommand Command(NpgsqlDataSource dataSource, string streamId, ContactListQuery query, PositionMarks.Start start)
    {
        var command = dataSource.CreateCommand(Texts[(int)query.Status]);
        var parameters = command.Parameters;
        parameters.AddWithValue("stream", streamId);
        if (query.Status != StatusFilter.All)
        {
            parameters.AddWithValue("status", query.Status == StatusFilter.Active ? ContactStatusNames.Active : ContactStatusNames.Inactive);
        }
        parameters.Add(new NpgsqlParameter("known", NpgsqlDbType.Text) { Value = (object?)start.ChangeNumber ?? DBNull.Value });
        parameters.AddWithValue("from_mark", start.Mark);
        parameters.AddWithValue("from_at", start.Key?.CreatedAtMs ?? 0L);
        parameters.AddWithValue("from_id", start.Key?.Id ?? "");
        parameters.AddWithValue("to_mark", query.Skip / PositionMarks.Interval);
        parameters.AddWithValue("take", (long)query.Limit + 1);
        parameters.AddWithValue("skip", (long)query.Skip);
        return command;
    }

    /// <summary>The key a mark row carries.</summary>
    public static ListPosition ReadMark(NpgsqlDataReader reader) => new(reader.GetInt64(MarkColumn + 1), reader.GetString(MarkColumn + 2));

    private static string Build(StatusFilter status) => Sql
        .Replace("{counts}", status switch { StatusFilter.Active => "active", StatusFilter.Inactive => "inactive", _ => "active + inactive" }, StringComparison.Ordinal)
        .Replace("{where}", status == StatusFilter.All ? "stream_id = @stream" : "stream_id = @stream AND status = @status", StringComparison.Ordinal)
        .Replace("{interval}", PositionMarks.Interval.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{nulls}", string.Join(", ", Enumerable.Repeat("NULL", ContactRows.ColumnCount)), StringComparison.Ordinal);
}
