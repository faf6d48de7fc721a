using System.Globalization;
using System.Text.Json;
using Callbook.Contacts;

namespace Callbook.Api.Json;

/// <summary>
/// Writes contacts straight from the stored rows, byte for byte what the API's serializer writes
/// for <see cref="ContactResponse.From"/> (same properties in the same order, same escaping), without
/// a response object, a phone object and two timestamp strings per contact: a bulk create answers
/// up to 1,000 of them.
/// </summary>
public static class ContactJson
{
    private const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = CallbookJson.Context.Options.Encoder };

    private static readonly JsonEncodedText UnderscoreId = Name("_id"), Id = Name("id"), FirstName = Name("firstName"), LastName = Name("lastName"),
        FullName = Name("fullName"), Salutation = Name("salutation"), CellPhone = Name("cellPhone"), Extension = Name("extension"),
        PhoneNumber = Name("phoneNumber"), CountryCode = Name("countryCode"), Status = Name("status"), InstanceBotId = Name("instanceBotId"),
        OrgId = Name("orgId"), AccountId = Name("accountId"), CreatedBy = Name("createdBy"), CreatedByAId = Name("createdByAId"),
        Address = Name("address"), TwitterDetails = Name("twitterDetails"), CreatedAt = Name("createdAt"), UpdatedAt = Name("updatedAt"),
        UpdatedBy = Name("updatedBy"), UpdatedByAId = Name("updatedByAId");

    /// <summary>A writer over <paramref name="output"/> that escapes as the API's serializer does.</summary>
    public static Utf8JsonWriter CreateWriter(System.Buffers.IBufferWriter<byte> output) => new(output, WriterOptions);

    /// <summary>One contact as a JSON object (<c>_id</c> first when <paramref name="withUnderscoreId"/>, as in bulk-update results).</summary>
    public static void Write(Utf8JsonWriter writer, Contact contact, bool withUnderscoreId = false)
    {
        var fields = contact.Fields;
        writer.WriteStartObject();
        if (withUnderscoreId)
        {
            writer.WriteString(UnderscoreId, contact.Id);
        }
        writer.WriteString(Id, contact.Id);
        writer.WriteString(FirstName, fields.FirstName);
        writer.WriteString(LastName, fields.LastName);
        WriteFullName(writer, fields.FirstName, fields.LastName);
        writer.WriteString(Salutation, fields.Salutation);
        writer.WriteStartObject(CellPhone);
        writer.WriteString(Extension, fields.CellPhone.Extension);
        writer.WriteString(PhoneNumber, fields.CellPhone.PhoneNumber);
        writer.WriteString(CountryCode, fields.CellPhone.CountryCode);
        writer.WriteEndObject();
        writer.WriteString(Status, contact.Status.ToWire());
        writer.WriteString(InstanceBotId, contact.StreamId);
        writer.WriteString(OrgId, contact.OrgId);
        writer.WriteString(AccountId, contact.AccountId);
        writer.WriteString(CreatedBy, contact.CreatedBy);
        writer.WriteString(CreatedByAId, contact.CreatedByAId);
        writer.WritePropertyName(Address);
        writer.WriteRawValue(fields.AddressJson, skipInputValidation: true);
        writer.WritePropertyName(TwitterDetails);
        writer.WriteRawValue(fields.TwitterDetailsJson, skipInputValidation: true);
        WriteTimestamp(writer, CreatedAt, contact.CreatedAt);
        WriteTimestamp(writer, UpdatedAt, contact.UpdatedAt);
        if (contact.UpdatedBy is { } updatedBy)
        {
            writer.WriteString(UpdatedBy, updatedBy);
        }
        if (contact.UpdatedByAId is { } updatedByAId)
        {
            writer.WriteString(UpdatedByAId, updatedByAId);
        }
        writer.WriteEndObject();
    }

    private static void WriteFullName(Utf8JsonWriter writer, string first, string last)
    {
        // Names are at most 100 characters each: the full name fits on the stack.
        var length = first.Length + 1 + last.Length;
        Span<char> full = length <= 512 ? stackalloc char[length] : new char[length];
        first.CopyTo(full);
        full[first.Length] = ' ';
        last.CopyTo(full[(first.Length + 1)..]);
        writer.WriteString(FullName, full);
    }

    private static void WriteTimestamp(Utf8JsonWriter writer, JsonEncodedText name, DateTimeOffset value)
    {
        Span<char> text = stackalloc char[32];
        value.UtcDateTime.TryFormat(text, out var length, TimestampFormat, CultureInfo.InvariantCulture);
        writer.WriteString(name, text[..length]);
    }

    private static JsonEncodedText Name(string name) => JsonEncodedText.Encode(name, CallbookJson.Context.Options.Encoder);
}
