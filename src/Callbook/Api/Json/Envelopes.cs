using System.Text.Json;
using System.Text.Json.Serialization;
using Callbook.Errors;

namespace Callbook.Api.Json;

/// <summary>The error body of every failed request.</summary>
public sealed record ErrorBody(IReadOnlyList<ApiError> Errors);

/// <summary>One page of contacts.</summary>
/// <param name="HasMore">More contacts follow this page.</param>
/// <param name="TotalPages">ceil(totalResults / limit).</param>
/// <param name="TotalResults">Every contact matching the filters.</param>
/// <param name="NextCursor">Present when hasMore: pass as ?cursor= (same filters) for the next page, in time independent of depth.</param>
public sealed record ContactList(
    IReadOnlyList<ContactResponse> Results,
    int Skip,
    int Limit,
    bool HasMore,
    long TotalPages,
    long TotalResults,
    string? NextCursor);

/// <summary>The answer of a bulk update or bulk delete.</summary>
public sealed record BulkSummary<TSuccess>(
    int TotalRequested,
    int Successful,
    int Failed,
    IReadOnlyList<TSuccess> SuccessfulRecords,
    IReadOnlyList<BulkFailure> FailedRecords);

/// <param name="Contact">The updated contact, with <c>_id</c>.</param>
public sealed record BulkUpdated(string Id, ContactResponse Contact);

public sealed record BulkDeleted(string Id);

/// <param name="Id">The id as sent, null when it was not a string.</param>
public sealed record BulkFailure(string? Id, IReadOnlyList<ApiError> Errors);

/// <summary>The answer of an import with <c>?summary=true</c> or <c>?partial=true</c>.</summary>
/// <param name="TotalRows">Non-empty data rows read.</param>
/// <param name="Imported">Contacts created.</param>
/// <param name="Failed">Rows not imported.</param>
/// <param name="Errors">Why rows failed, each with its 1-based <c>row</c> (the first 1000).</param>
/// <param name="Contacts">The created contacts; absent with <c>?summary=true</c>.</param>
public sealed record ImportSummary(
    long TotalRows,
    long Imported,
    long Failed,
    IReadOnlyList<ApiError> Errors,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<ContactResponse>? Contacts);

/// <summary>One contact to create or the new fields of one contact (documentation of the request body).</summary>
public class ContactInput
{
    /// <summary>1–100 characters, trimmed.</summary>
    public required string FirstName { get; init; }

    /// <summary>1–100 characters, trimmed.</summary>
    public required string LastName { get; init; }

    /// <summary>1–20 characters, kept as sent.</summary>
    public required string Salutation { get; init; }

    /// <summary>Ignored: the server derives it from firstName and lastName (the vendor's samples send it).</summary>
    public string? FullName { get; init; }

    public required CellPhoneInput CellPhone { get; init; }

    /// <summary>Optional, at most 10 objects of at most 4 KB each.</summary>
    public IReadOnlyList<JsonElement>? Address { get; init; }

    /// <summary>Optional, at most 10 objects of at most 4 KB each.</summary>
    public IReadOnlyList<JsonElement>? TwitterDetails { get; init; }
}

/// <param name="Extension">0–10 characters, kept as sent.</param>
/// <param name="PhoneNumber">The number in any written form (docs/phones.md): national with its trunk prefix, or '+' and the same country code; separators, Unicode digits and tel: URIs are read. Answered in E.164 form.</param>
/// <param name="CountryCode">'+' (optional) and 1–3 digits, an assigned country calling code; answered as "+44".</param>
public sealed record CellPhoneInput(string Extension, string PhoneNumber, string CountryCode);

/// <summary>One record of a bulk update.</summary>
public sealed class BulkUpdateRecord : ContactInput
{
    /// <summary>The contact to update.</summary>
    public required string Id { get; init; }

    /// <summary>
    /// Optional: the contact's version as last read (the number in its ETag), a whole number from 1. When it
    /// is stale, this record fails with PRECONDITION_FAILED and the others still apply; a value of another
    /// kind (text, a fraction, 0) fails this record with INVALID_FIELD. Wins over <see cref="ETag"/> when both are sent.
    /// </summary>
    public long? Version { get; init; }

    /// <summary>Optional: the contact's ETag as last read, e.g. "v3" (quotes optional); when stale, this record fails with PRECONDITION_FAILED, when not of that form (a number, a weak tag) with INVALID_FIELD.</summary>
    [JsonPropertyName("etag")]
    public string? ETag { get; init; }
}

/// <summary>The body of a bulk delete: the ids under "ids" (the vendor's sample) or under "id" (the vendor's parameter table), not both.</summary>
/// <param name="Ids">1 to 1000 contact ids.</param>
/// <param name="Id">The same list under the name the vendor's parameter table gives it.</param>
public sealed record BulkDeleteRequest(IReadOnlyList<string>? Ids = null, IReadOnlyList<string>? Id = null);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ErrorBody))]
[JsonSerializable(typeof(ContactResponse))]
[JsonSerializable(typeof(ContactResponse[]))]
[JsonSerializable(typeof(IReadOnlyList<ContactResponse>))]
[JsonSerializable(typeof(ContactList))]
[JsonSerializable(typeof(BulkSummary<BulkUpdated>))]
[JsonSerializable(typeof(BulkSummary<BulkDeleted>))]
[JsonSerializable(typeof(ImportSummary))]
[JsonSerializable(typeof(ContactInput[]))]
[JsonSerializable(typeof(BulkUpdateRecord[]))]
[JsonSerializable(typeof(BulkDeleteRequest))]
[JsonSerializable(typeof(Callbook.Api.Contacts.HistoryResponse))]
[JsonSerializable(typeof(Callbook.Api.Webhooks.WebhookInput))]
[JsonSerializable(typeof(Callbook.Api.Webhooks.WebhookPatch))]
[JsonSerializable(typeof(Callbook.Api.Webhooks.WebhookResponse))]
[JsonSerializable(typeof(Callbook.Api.Webhooks.WebhookList))]
[JsonSerializable(typeof(Callbook.Api.Webhooks.DeliveryResponse))]
[JsonSerializable(typeof(Callbook.Api.Webhooks.DeliveryList))]
[JsonSerializable(typeof(Callbook.Dispatch.WebhookPayload))]
[JsonSerializable(typeof(Callbook.Dispatch.ErasedPayload))]
[JsonSerializable(typeof(Callbook.Api.Contacts.ErasedContactResponse))]
public sealed partial class CallbookJsonContext : JsonSerializerContext;

/// <summary>The serializer context the API writes with: camelCase, and '+' or 'é' written as themselves, not \u escapes.</summary>
public static class CallbookJson
{
    public static readonly CallbookJsonContext Context = new(new JsonSerializerOptions(CallbookJsonContext.Default.Options)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
