using System.Text.Json.Nodes;
using Callbook.Storage;

namespace Callbook.Contacts;

/// <summary>Builds the field-by-field changes that history records: [{"field","before","after"}].</summary>
public static class ContactChanges
{
    // Stored and returned as written: "+91…" and "é" stay readable, not \u escapes.
    internal static readonly System.Text.Json.JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The input fields that differ between two versions of a contact.</summary>
    public static string Diff(ContactFields before, ContactFields after)
    {
        var changes = new JsonArray();
        var old = Values(before);
        foreach (var (field, value) in Values(after))
        {
            if (!JsonNode.DeepEquals(old[field], value))
            {
                changes.Add(Change(field, old[field], value));
            }
        }
        return changes.ToJsonString(Json);
    }

    public static string Status(ContactStatus before, ContactStatus after) =>
        new JsonArray(Change("status", JsonValue.Create(before.ToWire()), JsonValue.Create(after.ToWire()))).ToJsonString(Json);

    /// <summary>
    /// The creation entry, derived rather than stored: the values a contact was created with are
    /// its current values with every later change undone, newest first.
    /// </summary>
    public static string Created(Contact current, IReadOnlyList<HistoryEntry> laterChanges)
    {
        var values = Values(current.Fields);
        values["status"] = JsonValue.Create(current.Status.ToWire());
        for (var i = laterChanges.Count - 1; i >= 0; i--)
        {
            foreach (var change in JsonNode.Parse(laterChanges[i].ChangesJson)!.AsArray())
            {
                values[change!["field"]!.GetValue<string>()] = change["before"]?.DeepClone();
            }
        }
        var created = new JsonArray();
        foreach (var (field, value) in values)
        {
            created.Add(Change(field, null, value?.DeepClone()));
        }
        return created.ToJsonString(Json);
    }

    private static JsonObject Change(string field, JsonNode? before, JsonNode? after) => new()
    {
        ["field"] = field,
        ["before"] = before?.DeepClone(),
        ["after"] = after?.DeepClone(),
    };

    internal static Dictionary<string, JsonNode?> Values(ContactFields f) => new(StringComparer.Ordinal)
    {
        ["firstName"] = JsonValue.Create(f.FirstName),
        ["lastName"] = JsonValue.Create(f.LastName),
        ["salutation"] = JsonValue.Create(f.Salutation),
        ["cellPhone.extension"] = JsonValue.Create(f.CellPhone.Extension),
        ["cellPhone.phoneNumber"] = JsonValue.Create(f.CellPhone.PhoneNumber),
        ["cellPhone.countryCode"] = JsonValue.Create(f.CellPhone.CountryCode),
        ["address"] = JsonNode.Parse(f.AddressJson),
        ["twitterDetails"] = JsonNode.Parse(f.TwitterDetailsJson),
    };
}
