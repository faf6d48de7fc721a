using Callbook.Contacts;
using Npgsql;

namespace Callbook.Storage.Postgres.Internal;

/// <summary>Mapping between the contacts table and <see cref="Contact"/>.</summary>
internal static class ContactRows
{
    /// <summary>The partial unique index that keeps one active contact per number in a stream.</summary>
    public const string ActivePhoneIndex = "contacts_active_phone";

    /// <summary>The columns <see cref="Read"/> maps, in its order.</summary>
    public const string Columns =
        "id, stream_id, account_id, org_id, first_name, last_name, salutation, phone_extension, phone_number, " +
        "phone_country_code, status, address, twitter_details, created_by, created_by_aid, created_at, updated_at, " +
        "updated_by, updated_by_aid, version";

    /// <summary><see cref="Columns"/> of the table aliased <c>c</c>.</summary>
    public const string QualifiedColumns =
        "c.id, c.stream_id, c.account_id, c.org_id, c.first_name, c.last_name, c.salutation, c.phone_extension, c.phone_number, " +
        "c.phone_country_code, c.status, c.address, c.twitter_details, c.created_by, c.created_by_aid, c.created_at, c.updated_at, " +
        "c.updated_by, c.updated_by_aid, c.version";

    /// <summary>How many columns <see cref="Read"/> maps.</summary>
    public const int ColumnCount = 20;

    /// <summary>The active holders of some numbers: (phone_number, id) rows.</summary>
    public const string SelectActiveHolders =
        "SELECT phone_number, id FROM contacts WHERE stream_id = @stream AND status = 'ACTIVE' AND phone_number = ANY(@phones)";

    public static Contact Read(NpgsqlDataReader r) => new(
        Id: r.GetString(0),
        StreamId: r.GetString(1),
        AccountId: r.GetString(2),
        OrgId: r.GetString(3),
        Fields: new ContactFields(
            FirstName: r.GetString(4),
            LastName: r.GetString(5),
            Salutation: r.GetString(6),
            CellPhone: new CellPhone(r.GetString(7), r.GetString(8), r.GetString(9)),
            AddressJson: r.GetString(11),
            TwitterDetailsJson: r.GetString(12)),
        Status: ContactStatusNames.Parse(r.GetString(10)),
        CreatedBy: r.GetString(13),
        CreatedByAId: r.GetString(14),
        CreatedAt: DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(15)),
        UpdatedAt: DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(16)),
        UpdatedBy: r.IsDBNull(17) ? null : r.GetString(17),
        UpdatedByAId: r.IsDBNull(18) ? null : r.GetString(18),
        Version: r.GetInt64(19));

    /// <summary>Reads every row of the current result set, keyed by contact id.</summary>
    public static async Task<Dictionary<string, Contact>> ReadByIdAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        var contacts = new Dictionary<string, Contact>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            var contact = Read(reader);
            contacts[contact.Id] = contact;
        }
        return contacts;
    }

    /// <summary>Who actively holds each of <paramref name="phones"/> now (this transaction's own writes included).</summary>
    public static async Task<Dictionary<string, string>> FindHoldersAsync(PgTransaction tx, string streamId, IEnumerable<string> phones, CancellationToken cancellationToken)
    {
        await using var command = tx.Command(SelectActiveHolders);
        command.Parameters.AddWithValue("stream", streamId);
        command.Parameters.AddWithValue("phones", phones.Distinct(StringComparer.Ordinal).ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await ReadHoldersAsync(reader, cancellationToken);
    }

    public static async Task<Dictionary<string, string>> ReadHoldersAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        var holders = new Dictionary<string, string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            holders[reader.GetString(0)] = reader.GetString(1);
        }
        return holders;
    }
}
