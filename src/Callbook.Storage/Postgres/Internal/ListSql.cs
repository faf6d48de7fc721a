using Callbook.Contacts;
using Callbook.Stores;
using Npgsql;

namespace Callbook.Storage.Postgres.Internal;

/// <summary>
/// The one statement a contact list runs: the page (Limit + 1 rows, to tell whether more follow)
/// and the total of every match come from the same snapshot in one round trip. A list filtered by
/// status alone reads its total from the stream's counters (<c>contact_counts</c>, at most 16 rows);
/// a list filtered by name or number counts its matches (they are few). The SQL is built from
/// constant fragments only, one text per shape of filter, so values always go through parameters
/// and each shape is one prepared-statement candidate.
/// </summary>
internal static class ListSql
{
    /// <summary>The page's rows carry the total as an extra last column.</summary>
    public const int TotalColumn = ContactRows.ColumnCount;

    private const string OrderedPage = " ORDER BY created_at, id LIMIT @take";

    // First page (no skip, no cursor). PostgreSQL runs an uncorrelated sub-select the first time
    // its value is needed: when the page is short the CASE never needs the count, and the caller
    // counts the rows itself (the caller-lookup fast path: no count is run).
    private const string FirstPageSql =
        "WITH page AS (SELECT " + ContactRows.Columns + " FROM contacts WHERE {0}" + OrderedPage + ") " +
        "SELECT page.*, CASE WHEN (SELECT count(*) FROM page) < @take THEN -1 " +
        "ELSE (SELECT count(*) FROM contacts WHERE {0}) END FROM page ORDER BY created_at, id";

    // Later pages: the count always runs. The LEFT JOIN keeps a row (with a null id) carrying the
    // count when the page is empty.
    private const string LaterPageSql =
        "WITH total AS (SELECT count(*) AS n FROM contacts WHERE {0}) " +
        "SELECT page.*, total.n FROM total LEFT JOIN LATERAL (" +
        "SELECT " + ContactRows.Columns + " FROM contacts WHERE {0}{1}" + OrderedPage + " OFFSET @skip" +
        ") page ON true ORDER BY page.created_at, page.id";

    // A list by status alone: the total is the stream's counters. The LEFT JOIN keeps a row (with a
    // null id) carrying the total when the page is empty. {2} is the status's counter expression.
    private const string CountedPageSql =
        "WITH total AS (SELECT CAST(coalesce(sum({2}), 0) AS bigint) AS n FROM contact_counts WHERE stream_id = @stream) " +
        "SELECT page.*, total.n FROM total LEFT JOIN LATERAL (" +
        "SELECT " + ContactRows.Columns + " FROM contacts WHERE {0}{1}" + OrderedPage + "{3}" +
        ") page ON true ORDER BY page.created_at, page.id";

    // A list by status alone at an offset: the skipped rows are walked in the ordering index alone
    // (an index-only scan once the visibility map is set: no heap visit per skipped row), then the
    // page's rows are read by primary key.
    private const string CountedOffsetPageSql =
        "WITH total AS (SELECT CAST(coalesce(sum({2}), 0) AS bigint) AS n FROM contact_counts WHERE stream_id = @stream) " +
        "SELECT page.*, total.n FROM total LEFT JOIN LATERAL (" +
        "SELECT " + ContactRows.QualifiedColumns + " FROM (SELECT id FROM contacts WHERE {0}{1}" + OrderedPage + "{3}) k " +
        "JOIN contacts c ON c.id = k.id AND c.stream_id = @stream" +
        ") page ON true ORDER BY page.created_at, page.id";

    private const string Search =
        " AND ((search_full >= @prefix AND search_full < @upper) OR (search_last >= @prefix AND search_last < @upper))";

    private const string Phones = " AND phone_number = ANY(@phones)";

    private const string After = " AND (created_at, id) > (@after_created, @after_id)";

    // Indexed by Shape(): status (3) × search (2) × phones (2) × first page / later / later after a cursor (3).
    private static readonly string[] Texts = Build();

    /// <summary>True when the first page is asked for: the count may be skipped.</summary>
    public static bool IsFirstPage(ContactListQuery query) => query.Skip == 0 && query.After is null;

    /// <summary>A command for the query's shape, with every parameter bound.</summary>
    public static NpgsqlCommand Command(NpgsqlDataSource dataSource, string streamId, ContactListQuery query)
    {
        var command = dataSource.CreateCommand(Texts[Shape(query)]);
        var parameters = command.Parameters;
        parameters.AddWithValue("stream", streamId);
        parameters.AddWithValue("take", (long)query.Limit + 1);
        if (query.Status != StatusFilter.All)
        {
            parameters.AddWithValue("status", query.Status == StatusFilter.Active ? ContactStatusNames.Active : ContactStatusNames.Inactive);
        }
        if (query.SearchPrefix is { } prefix)
        {
            parameters.AddWithValue("prefix", prefix);
            parameters.AddWithValue("upper", ContactSearch.UpperBound(prefix));
        }
        if (query.Phones is { Count: > 0 } phones) // an empty list filters nothing, as on SQLite
        {
            parameters.AddWithValue("phones", phones.ToArray());
        }
        if (!IsFirstPage(query))
        {
            parameters.AddWithValue("skip", (long)query.Skip);
        }
        if (query.After is { } after)
        {
            parameters.AddWithValue("after_created", after.CreatedAtMs);
            parameters.AddWithValue("after_id", after.Id);
        }
        return command;
    }

    private static int Shape(ContactListQuery query)
    {
        var page = IsFirstPage(query) ? 0 : query.After is null ? 1 : 2;
        return ((((int)query.Status * 2) + (query.SearchPrefix is null ? 0 : 1)) * 2 + (query.Phones is { Count: > 0 } ? 1 : 0)) * 3 + page;
    }

    private static string[] Build()
    {
        var statuses = Enum.GetValues<StatusFilter>();
        var texts = new string[statuses.Length * 2 * 2 * 3];
        foreach (var status in statuses)
        {
            for (var search = 0; search < 2; search++)
            {
                for (var phones = 0; phones < 2; phones++)
                {
                    var where = "stream_id = @stream" + (status == StatusFilter.All ? "" : " AND status = @status") +
                        (search == 1 ? Search : "") + (phones == 1 ? Phones : "");
                    var shape = ((((int)status * 2) + search) * 2 + phones) * 3;
                    if (search == 0 && phones == 0)
                    {
                        texts[shape] = Counted(CountedPageSql, where, "", status, "");
                        texts[shape + 1] = Counted(CountedOffsetPageSql, where, "", status, " OFFSET @skip");
                        texts[shape + 2] = Counted(CountedPageSql, where, After, status, " OFFSET @skip");
                        continue;
                    }
                    texts[shape] = FirstPageSql.Replace("{0}", where, StringComparison.Ordinal);
                    texts[shape + 1] = LaterPageSql.Replace("{0}", where, StringComparison.Ordinal).Replace("{1}", "", StringComparison.Ordinal);
                    texts[shape + 2] = LaterPageSql.Replace("{0}", where, StringComparison.Ordinal).Replace("{1}", After, StringComparison.Ordinal);
                }
            }
        }
        return texts;
    }

    private static string Counted(string sql, string where, string after, StatusFilter status, string offset) => sql
        .Replace("{0}", where, StringComparison.Ordinal)
        .Replace("{1}", after, StringComparison.Ordinal)
        .Replace("{2}", status switch { StatusFilter.Active => "active", StatusFilter.Inactive => "inactive", _ => "active + inactive" }, StringComparison.Ordinal)
        .Replace("{3}", offset, StringComparison.Ordinal);
}
