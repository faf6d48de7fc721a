using System.Globalization;
using System.Text.Json.Serialization;
using Callbook.Contacts;

namespace Callbook.Api.Json;

/// <summary>A contact as the API returns it, fields in the vendor's order.</summary>
public sealed class ContactResponse
{
    /// <summary>Same value as <see cref="Id"/>; present only inside bulk-update results, as in the vendor sample.</summary>
    [JsonPropertyName("_id")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? UnderscoreId { get; init; }

    /// <summary>24 lowercase hex characters.</summary>
    public required string Id { get; init; }

    public required string FirstName { get; init; }

    public required string LastName { get; init; }

    /// <summary>firstName + " " + lastName.</summary>
    public required string FullName { get; init; }

    public required string Salutation { get; init; }

    public required CellPhoneResponse CellPhone { get; init; }

    /// <summary>ACTIVE or INACTIVE.</summary>
    public required string Status { get; init; }

    /// <summary>The stream id.</summary>
    public required string InstanceBotId { get; init; }

    public required string OrgId { get; init; }

    public required string AccountId { get; init; }

    /// <summary>User id of the app owner who created the contact.</summary>
    public required string CreatedBy { get; init; }

    /// <summary>Actor id of the app that created the contact.</summary>
    public required string CreatedByAId { get; init; }

    /// <summary>Array of objects, kept as sent.</summary>
    public required RawJson Address { get; init; }

    /// <summary>Array of objects, kept as sent.</summary>
    public required RawJson TwitterDetails { get; init; }

    /// <summary>UTC, ISO 8601 with milliseconds.</summary>
    public required string CreatedAt { get; init; }

    /// <summary>UTC, ISO 8601 with milliseconds.</summary>
    public required string UpdatedAt { get; init; }

    /// <summary>Present once the contact has been changed after creation.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? UpdatedBy { get; init; }

    /// <summary>Present once the contact has been changed after creation.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? UpdatedByAId { get; init; }

    public static ContactResponse From(Contact c, bool withUnderscoreId = false) => new()
    {
        UnderscoreId = withUnderscoreId ? c.Id : null,
        Id = c.Id,
        FirstName = c.Fields.FirstName,
        LastName = c.Fields.LastName,
        FullName = c.FullName,
        Salutation = c.Fields.Salutation,
        CellPhone = new CellPhoneResponse(c.Fields.CellPhone.Extension, c.Fields.CellPhone.PhoneNumber, c.Fields.CellPhone.CountryCode),
        Status = c.Status.ToWire(),
        InstanceBotId = c.StreamId,
        OrgId = c.OrgId,
        AccountId = c.AccountId,
        CreatedBy = c.CreatedBy,
        CreatedByAId = c.CreatedByAId,
        Address = new RawJson(c.Fields.AddressJson),
        TwitterDetails = new RawJson(c.Fields.TwitterDetailsJson),
        CreatedAt = Timestamp(c.CreatedAt),
        UpdatedAt = Timestamp(c.UpdatedAt),
        UpdatedBy = c.UpdatedBy,
        UpdatedByAId = c.UpdatedByAId,
    };

    public static string Timestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}

/// <param name="Extension">Dialing prefix, kept as sent.</param>
/// <param name="PhoneNumber">Country code followed by the national digits, e.g. +912445612345.</param>
/// <param name="CountryCode">E.164 country calling code, e.g. +91.</param>
public sealed record CellPhoneResponse(string Extension, string PhoneNumber, string CountryCode);
