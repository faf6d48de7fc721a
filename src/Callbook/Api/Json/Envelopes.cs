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
[JsonSerializable(typeof(Callbook.Api.Contacts.ContactInput[]))]
[JsonSerializable(typeof(Callbook.Api.Contacts.BulkUpdateRecord[]))]
[JsonSerializable(typeof(Callbook.Api.Contacts.BulkDeleteRequest))]
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
