using Callbook.Contacts;
using Callbook.Stores;
using Npgsql;

namespace Callbook.Storage.Postgres.Internal;

/// <summary>
/// The caller lookup (<c>?phone=</c>, first page, no name filter): the hottest read, so it runs the
/// plainest statement there is. One index probe per candidate number, no CTE and no count: a page
/// that holds every match is its own total. Only when more contacts match than the page holds does
/// the caller fall back to <see cref="ListSql"/>, which counts.
/// </summary>
/// <remarks>
/// Written so that PostgreSQL plans it once per connection: each candidate number is a parameter of
/// its own (<c>phone_number IN ($3, $4)</c>) and the status is part of the text, so the generic plan
/// of the prepared statement is estimated as cheap as a custom one (one row from the index of active
/// numbers) and PostgreSQL keeps it. With <c>= ANY($3)</c> the generic plan assumed a long array and
/// lost to custom plans: every lookup was planned again, 40 % of a backend's time in <c>perf</c>.
/// Positional parameters, so Npgsql sends the text as it is instead of rewriting named ones.
/// </remarks>
internal static class PhoneLookupSql
{
    /// <summary>Candidate numbers beyond this go in one array parameter (no caller lookup sends that many).</summary>
    private const int MaxListed = 4;

    // [status, candidate count 1…MaxListed, then the array form]
    private static readonly string[][] Texts = Build();

    /// <summary>The page, or null when more contacts match than it holds (the total then needs a count).</summary>
    public static async Task<ContactPage?> TryReadAsync(NpgsqlDataSource dataSource, string streamId, ContactListQuery query, CancellationToken cancellationToken)
    {
        var phones = query.Phones!;
        await using var command = dataSource.CreateCommand(Texts[(int)query.Status][Math.Min(phones.Count, MaxListed + 1) - 1]);
        var parameters = command.Parameters;
        parameters.Add(new NpgsqlParameter<string> { TypedValue = streamId });
        parameters.Add(new NpgsqlParameter<long> { TypedValue = (long)query.Limit + 1 });
        if (phones.Count <= MaxListed)
        {
            foreach (var phone in phones)
            {
                parameters.Add(new NpgsqlParameter<string> { TypedValue = phone });
            }
        }
        else
        {
            parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. phones] });
        }
        var contacts = new List<Contact>(2);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                contacts.Add(ContactRows.Read(reader));
            }
        }
        return contacts.Count > query.Limit ? null : new ContactPage(contacts, contacts.Count, false);
    }

    private static string[][] Build()
    {
        var statuses = new[] { " AND status = '" + ContactStatusNames.Active + "'", " AND status = '" + ContactStatusNames.Inactive + "'", "" };
        var texts = new string[statuses.Length][];
        for (var s = 0; s < statuses.Length; s++)
        {
            texts[s] = new string[MaxListed + 1];
            for (var n = 1; n <= MaxListed + 1; n++)
            {
                var phones = n <= MaxListed
                    ? "phone_number IN (" + string.Join(", ", Enumerable.Range(3, n).Select(i => "$" + i.ToString(System.Globalization.CultureInfo.InvariantCulture))) + ")"
                    : "phone_number = ANY($3)";
                texts[s][n - 1] = "SELECT " + ContactRows.Columns + " FROM contacts WHERE stream_id = $1 AND " + phones + statuses[s] +
                    " ORDER BY created_at, id LIMIT $2";
            }
        }
        return texts;
    }
}
