using Callbook.Contacts;
using Callbook.Tenancy;
using Microsoft.Data.Sqlite;

namespace Callbook.Storage.Sqlite.Internal;

/// <summary>Mapping between the contacts table and <see cref="Contact"/>.</summary>
internal static class ContactRows
{
    public const string Columns =
        "id, stream_id, account_id, org_id, first_name, last_name, salutation, phone_extension, phone_number, " +
        "phone_country_code, status, address, twitter_details, created_by, created_by_aid, created_at, updated_at, " +
        "updated_by, updated_by_aid, version";

    public const string Insert =
        "INSERT INTO contacts (" + Columns + ", search_full, search_last) VALUES ($id, $stream, $account, $org, $first, $last, $salutation, " +
        "$extension, $phone, $country, $status, $address, $twitter, $user, $app, $now, $now, NULL, NULL, 1, $search_full, $search_last) " +
        "ON CONFLICT (stream_id, phone_number) WHERE status = 'ACTIVE' DO NOTHING";

    public const string SelectActiveHolder =
        "SELECT id FROM contacts WHERE stream_id = $stream AND phone_number = $phone AND status = 'ACTIVE'";

    public static Contact Read(SqliteDataReader r) => new(
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

    /// <summary>Adds the parameters of <see cref="Insert"/> once, for a prepared loop.</summary>
    public static InsertParameters PrepareInsert(SqliteCommand command, StreamScope scope, Actor actor)
    {
        command.Parameters.AddWithValue("$stream", scope.StreamId);
        command.Parameters.AddWithValue("$account", scope.AccountId);
        command.Parameters.AddWithValue("$org", scope.OrgId);
        command.Parameters.AddWithValue("$user", actor.UserId);
        command.Parameters.AddWithValue("$app", actor.AppActorId);
        return new InsertParameters(
            command.Parameters.Add("$id", SqliteType.Text),
            command.Parameters.Add("$now", SqliteType.Integer),
            command.Parameters.AddWithValue("$status", ContactStatusNames.Active),
            FieldParameters.Add(command));
    }

    /// <summary><paramref name="Status"/> is ACTIVE unless set (an import's INACTIVE rows).</summary>
    public sealed record InsertParameters(SqliteParameter Id, SqliteParameter Now, SqliteParameter Status, FieldParameters Fields);

    /// <summary>The parameters carrying a contact's input fields.</summary>
    public sealed record FieldParameters(
        SqliteParameter First, SqliteParameter Last, SqliteParameter Salutation, SqliteParameter Extension,
        SqliteParameter Phone, SqliteParameter Country, SqliteParameter Address, SqliteParameter Twitter,
        SqliteParameter SearchFull, SqliteParameter SearchLast)
    {
        public static FieldParameters Add(SqliteCommand command) => new(
            command.Parameters.Add("$first", SqliteType.Text),
            command.Parameters.Add("$last", SqliteType.Text),
            command.Parameters.Add("$salutation", SqliteType.Text),
            command.Parameters.Add("$extension", SqliteType.Text),
            command.Parameters.Add("$phone", SqliteType.Text),
            command.Parameters.Add("$country", SqliteType.Text),
            command.Parameters.Add("$address", SqliteType.Text),
            command.Parameters.Add("$twitter", SqliteType.Text),
            command.Parameters.Add("$search_full", SqliteType.Text),
            command.Parameters.Add("$search_last", SqliteType.Text));

        public void Set(ContactFields fields)
        {
            First.Value = fields.FirstName;
            Last.Value = fields.LastName;
            Salutation.Value = fields.Salutation;
            Extension.Value = fields.CellPhone.Extension;
            Phone.Value = fields.CellPhone.PhoneNumber;
            Country.Value = fields.CellPhone.CountryCode;
            Address.Value = fields.AddressJson;
            Twitter.Value = fields.TwitterDetailsJson;
            SearchFull.Value = ContactSearch.FullKey(fields);
            SearchLast.Value = ContactSearch.LastKey(fields);
        }
    }
}
