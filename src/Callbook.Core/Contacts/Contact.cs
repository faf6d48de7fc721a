namespace Callbook.Contacts;

public enum ContactStatus
{
    Active,
    Inactive,
}

/// <summary>A cell phone as stored: <see cref="PhoneNumber"/> is "+" + country code + national digits.</summary>
public sealed record CellPhone(string Extension, string PhoneNumber, string CountryCode);

/// <summary>The validated, normalised input fields of a contact (create, update, import).</summary>
/// <param name="AddressJson">A JSON array as sent, "[]" when absent.</param>
/// <param name="TwitterDetailsJson">A JSON array as sent, "[]" when absent.</param>
public sealed record ContactFields(
    string FirstName,
    string LastName,
    string Salutation,
    CellPhone CellPhone,
    string AddressJson,
    string TwitterDetailsJson);

/// <summary>A stored contact. <see cref="Version"/> starts at 1 and grows by one with every change (update, delete, restore).</summary>
public sealed record Contact(
    string Id,
    string StreamId,
    string AccountId,
    string OrgId,
    ContactFields Fields,
    ContactStatus Status,
    string CreatedBy,
    string CreatedByAId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? UpdatedBy,
    string? UpdatedByAId,
    long Version = 1)
{
    public string FullName => Fields.FirstName + " " + Fields.LastName;
}

public static class ContactStatusNames
{
    public const string Active = "ACTIVE";
    public const string Inactive = "INACTIVE";

    public static string ToWire(this ContactStatus status) => status == ContactStatus.Active ? Active : Inactive;

    public static ContactStatus Parse(string value) => value == Active ? ContactStatus.Active : ContactStatus.Inactive;
}
