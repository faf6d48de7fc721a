using Callbook.Contacts;
using Callbook.Tenancy;
using Npgsql;

namespace Callbook.Storage.Postgres.Internal;

/// <summary>
/// Many contacts' ids and input fields as one array per column, sent as parameters of a single
/// statement that reads them back with <c>unnest</c>: one round trip for a whole batch.
/// </summary>
internal sealed class ContactColumns(int capacity)
{
    /// <summary>The columns as a row source named <c>u</c>, for <c>FROM</c> clauses.</summary>
    public const string Unnest =
        "unnest(@ids, @first, @last, @salutation, @extension, @phone, @country, @address, @twitter, @search_full, @search_last, @versions) " +
        "AS u (id, first_name, last_name, salutation, phone_extension, phone_number, phone_country_code, address, twitter_details, " +
        "search_full, search_last, version)";

    /// <summary>
    /// Inserts the rows as new active contacts; a number already active in the stream skips its row.
    /// Rows go in number order, so two transactions wanting the same numbers wait on each other
    /// in the same order instead of deadlocking. Each inserted contact queues its contact.created
    /// webhook deliveries in the same statement.
    /// </summary>
    public const string Insert =
        "WITH inserted AS (INSERT INTO contacts (" + ContactRows.Columns + ", search_full, search_last) " +
        "SELECT u.id, @stream, @account, @org, u.first_name, u.last_name, u.salutation, u.phone_extension, u.phone_number, " +
        "u.phone_country_code, s.status, u.address, u.twitter_details, @user, @app, @now, @now, NULL, NULL, u.version, " +
        "u.search_full, u.search_last FROM " + Unnest + " JOIN unnest(@ids, @statuses) AS s (id, status) ON s.id = u.id " +
        "ORDER BY u.phone_number ON CONFLICT (stream_id, phone_number) WHERE status = 'ACTIVE' DO NOTHING RETURNING id), " +
        "queued AS (" + PgOutbox.Created + ") SELECT id FROM inserted";

    private readonly List<string> ids = new(capacity);
    private readonly List<ContactFields> fields = new(capacity);
    private readonly List<long> versions = new(capacity);
    private readonly List<string> statuses = new(capacity);

    public int Count => ids.Count;

    public string Id(int row) => ids[row];

    public ContactFields Fields(int row) => fields[row];

    /// <param name="version">The row's version: 1 for a new contact, the next one for an update.</param>
    /// <param name="status">The status <see cref="Insert"/> gives a new contact (updates ignore it).</param>
    public void Add(string id, ContactFields contact, long version = 1, ContactStatus status = ContactStatus.Active)
    {
        ids.Add(id);
        fields.Add(contact);
        versions.Add(version);
        statuses.Add(status.ToWire());
    }

    public void Clear()
    {
        ids.Clear();
        fields.Clear();
        versions.Clear();
        statuses.Clear();
    }

    /// <summary>Adds the array parameters of <see cref="Unnest"/>.</summary>
    public void Bind(NpgsqlParameterCollection parameters)
    {
        parameters.AddWithValue("ids", ids.ToArray());
        parameters.AddWithValue("first", Column(f => f.FirstName));
        parameters.AddWithValue("last", Column(f => f.LastName));
        parameters.AddWithValue("salutation", Column(f => f.Salutation));
        parameters.AddWithValue("extension", Column(f => f.CellPhone.Extension));
        parameters.AddWithValue("phone", Column(f => f.CellPhone.PhoneNumber));
        parameters.AddWithValue("country", Column(f => f.CellPhone.CountryCode));
        parameters.AddWithValue("address", Column(f => f.AddressJson));
        parameters.AddWithValue("twitter", Column(f => f.TwitterDetailsJson));
        parameters.AddWithValue("search_full", Column(ContactSearch.FullKey));
        parameters.AddWithValue("search_last", Column(ContactSearch.LastKey));
        parameters.AddWithValue("versions", versions.ToArray());
    }

    /// <summary>Runs <see cref="Insert"/>; returns the ids actually inserted.</summary>
    public async Task<HashSet<string>> InsertAsync(PgTransaction tx, StreamScope scope, Actor actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var inserted = new HashSet<string>(StringComparer.Ordinal);
        if (Count == 0)
        {
            return inserted;
        }
        await using var insert = tx.Command(Insert);
        Bind(insert.Parameters);
        insert.Parameters.AddWithValue("statuses", statuses.ToArray());
        insert.Parameters.AddWithValue("stream", scope.StreamId);
        insert.Parameters.AddWithValue("account", scope.AccountId);
        insert.Parameters.AddWithValue("org", scope.OrgId);
        insert.Parameters.AddWithValue("user", actor.UserId);
        insert.Parameters.AddWithValue("app", actor.AppActorId);
        insert.Parameters.AddWithValue("now", now.ToUnixTimeMilliseconds());
        await using var reader = await insert.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            inserted.Add(reader.GetString(0));
        }
        return inserted;
    }

    private string[] Column(Func<ContactFields, string> select)
    {
        var values = new string[fields.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = select(fields[i]);
        }
        return values;
    }
}
