using System.Text.Json.Nodes;
using Callbook.Stores;

namespace Callbook.Contacts;

/// <summary>A contact as it was right after one change, and what that change did.</summary>
/// <param name="ChangesJson">The change's [{"field","before","after"}]; for the creation, every field from null.</param>
public sealed record ContactVersion(Contact Contact, string ChangesJson);

/// <summary>
/// Rebuilds any earlier version of a contact from its current state and its history, the way
/// <see cref="ContactChanges.Created"/> rebuilds the creation: every change after the wanted version
/// is undone, newest first. Versions and history rows go together (version n is the state after the
/// (n-1)-th history row), so an event only needs to name the contact and the version.
/// </summary>
public static class ContactVersions
{
    /// <param name="current">The contact now.</param>
    /// <param name="newest">
    /// The contact's newest history rows, oldest first: at least the ones that made versions
    /// max(<paramref name="version"/>, 2) up to <paramref name="current"/>'s version.
    /// </param>
    public static ContactVersion At(Contact current, IReadOnlyList<HistoryEntry> newest, long version)
    {
        var laterCount = (int)Math.Clamp(current.Version - version, 0, newest.Count);
        var later = newest.Skip(newest.Count - laterCount).ToList();
        var own = version >= 2 && newest.Count > laterCount ? newest[newest.Count - laterCount - 1] : null;

        var values = ContactChanges.Values(current.Fields);
        values["status"] = JsonValue.Create(current.Status.ToWire());
        var undone = new HashSet<string>(StringComparer.Ordinal);
        for (var i = later.Count - 1; i >= 0; i--)
        {
            foreach (var change in JsonNode.Parse(later[i].ChangesJson)!.AsArray())
            {
                var field = change!["field"]!.GetValue<string>();
                values[field] = change["before"]?.DeepClone();
                undone.Add(field);
            }
        }
        string Text(string field, string now) => undone.Contains(field) ? values[field]?.GetValue<string>() ?? "" : now;
        string Json(string field, string now) => undone.Contains(field) ? values[field]?.ToJsonString(ContactChanges.Json) ?? "[]" : now;

        var fields = current.Fields;
        var contact = current with
        {
            Fields = new ContactFields(
                Text("firstName", fields.FirstName),
                Text("lastName", fields.LastName),
                Text("salutation", fields.Salutation),
                new CellPhone(
                    Text("cellPhone.extension", fields.CellPhone.Extension),
                    Text("cellPhone.phoneNumber", fields.CellPhone.PhoneNumber),
                    Text("cellPhone.countryCode", fields.CellPhone.CountryCode)),
                Json("address", fields.AddressJson),
                Json("twitterDetails", fields.TwitterDetailsJson)),
            Status = undone.Contains("status") ? ContactStatusNames.Parse(Text("status", "")) : current.Status,
            Version = version,
            UpdatedAt = own?.At ?? current.CreatedAt,
            UpdatedBy = own?.UserId,
            UpdatedByAId = own?.AppActorId,
        };
        return new ContactVersion(contact, own?.ChangesJson ?? ContactChanges.Created(current, later));
    }
}
