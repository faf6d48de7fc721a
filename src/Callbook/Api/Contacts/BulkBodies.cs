using System.Text.Json;
using System.Text.Json.Serialization;
using Callbook.Api.Errors;
using Callbook.Api.Json;
using Callbook.Api.Requests;
using Callbook.Contacts;
using Callbook.Errors;
using Callbook.Phones;
using Callbook.Stores;

namespace Callbook.Api.Contacts;

/// <summary>
/// The body of PUT /contacts/bulk-update: a JSON array of 1 to <see cref="JsonBody.RecordsPerRequest"/>
/// records. Each record stands alone: one that is invalid, or repeats an earlier id, becomes a
/// failure of the answer (not a 400), the others become <see cref="Updates"/>.
/// </summary>
public sealed class BulkUpdateBody : JsonRequestBody<BulkUpdateBody, BulkUpdateRecord[]>
{
    /// <summary>Records in the request.</summary>
    public int Count { get; private set; }

    /// <summary>The failed records by request index.</summary>
    public Dictionary<int, BulkFailure> Failures { get; } = new();

    /// <summary>The valid records, in request order.</summary>
    public List<ContactUpdate> Updates { get; } = [];

    /// <summary>The request index of each of <see cref="Updates"/>.</summary>
    public List<int> UpdateIndex { get; } = [];

    protected override ValueTask<ErrorResult?> ReadAsync(JsonElement root, IServiceProvider services, CancellationToken cancellationToken)
    {
        if (root.ValueKind != JsonValueKind.Array)
        {
            return Refused(ApiResults.BadRequest("the body must be a JSON array of records, each with an id", ErrorCodes.InvalidBody));
        }
        Count = root.GetArrayLength();
        if (Count == 0)
        {
            return Refused(ApiResults.BadRequest("the array holds no record", ErrorCodes.EmptyRequest));
        }
        var max = services.GetRequiredService<JsonBody>().RecordsPerRequest;
        if (Count > max)
        {
            return Refused(ApiResults.TooManyRecords(max));
        }
        var phoneRules = services.GetRequiredService<PhoneRules>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var i = 0;
        foreach (var record in root.EnumerateArray())
        {
            var id = BulkIds.Read(record, out var idError, i);
            var errors = new List<ApiError>();
            if (idError is not null)
            {
                errors.Add(idError);
            }
            else if (!seen.Add(id!))
            {
                errors.Add(BulkIds.Duplicate(i));
            }
            var fields = record.ValueKind == JsonValueKind.Object ? ContactInputReader.Read(record, phoneRules, errors, i) : null;
            var expected = record.ValueKind == JsonValueKind.Object ? ETags.FromRecord(record, errors, i) : null;
            if (errors.Count > 0)
            {
                Failures[i] = new BulkFailure(id, errors);
            }
            else
            {
                Updates.Add(new ContactUpdate(id!, fields!, expected));
                UpdateIndex.Add(i);
            }
            i++;
        }
        return Accepted();
    }
}

/// <summary>
/// The body of DELETE /contacts/bulk-delete: <c>{"ids":[…]}</c> (or <c>{"id":[…]}</c>) with 1 to
/// <see cref="JsonBody.RecordsPerRequest"/> ids. Each id stands alone: one that is malformed or
/// repeated becomes a failure of the answer, the others <see cref="ToDelete"/>.
/// </summary>
public sealed class BulkDeleteBody : JsonRequestBody<BulkDeleteBody, BulkDeleteRequest>
{
    /// <summary>Ids in the request.</summary>
    public int Count { get; private set; }

    /// <summary>The property the ids came under, "ids" or "id": errors name it.</summary>
    public string Field { get; private set; } = "ids";

    /// <summary>The failed ids by request index.</summary>
    public Dictionary<int, BulkFailure> Failures { get; } = new();

    /// <summary>The valid ids, in request order.</summary>
    public List<string> ToDelete { get; } = [];

    /// <summary>The request index of each of <see cref="ToDelete"/>.</summary>
    public List<int> DeleteIndex { get; } = [];

    protected override ValueTask<ErrorResult?> ReadAsync(JsonElement root, IServiceProvider services, CancellationToken cancellationToken)
    {
        if (ReadIds(root) is not var (field, ids))
        {
            return Refused(ApiResults.BadRequest("the body must be {\"ids\": [...]} (or {\"id\": [...]}, as the vendor's parameter table names it), not both", ErrorCodes.InvalidBody, "ids"));
        }
        (Field, Count) = (field, ids.GetArrayLength());
        if (Count == 0)
        {
            return Refused(ApiResults.BadRequest($"{field} holds no id", ErrorCodes.EmptyRequest, field));
        }
        var max = services.GetRequiredService<JsonBody>().RecordsPerRequest;
        if (Count > max)
        {
            return Refused(ApiResults.TooManyRecords(max));
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var i = 0;
        foreach (var value in ids.EnumerateArray())
        {
            if (value.ValueKind != JsonValueKind.String)
            {
                Failures[i] = new BulkFailure(null, [new ApiError("each id must be a string", ErrorCodes.InvalidId, field, i)]);
            }
            else if (BulkIds.Check(value.GetString()!, out var idError, i) is var id && idError is not null)
            {
                Failures[i] = new BulkFailure(id, [idError with { Field = field }]);
            }
            else if (!seen.Add(id))
            {
                Failures[i] = new BulkFailure(id, [BulkIds.Duplicate(i) with { Field = field }]);
            }
            else
            {
                ToDelete.Add(id);
                DeleteIndex.Add(i);
            }
            i++;
        }
        return Accepted();
    }

    /// <summary>The id array under "ids" (the vendor's sample) or "id" (the vendor's parameter table); null when neither or both.</summary>
    private static (string Field, JsonElement Ids)? ReadIds(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        var hasIds = root.TryGetProperty("ids", out var ids);
        var hasId = root.TryGetProperty("id", out var id);
        return (hasIds, hasId) switch
        {
            (true, false) when ids.ValueKind == JsonValueKind.Array => ("ids", ids),
            (false, true) when id.ValueKind == JsonValueKind.Array => ("id", id),
            _ => null,
        };
    }
}

/// <summary>One record of a bulk update.</summary>
/// <remarks>The shape the OpenAPI document shows; <see cref="BulkUpdateBody"/> reads it.</remarks>
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
/// <remarks>The shape the OpenAPI document shows; <see cref="BulkDeleteBody"/> reads it.</remarks>
/// <param name="Ids">1 to 1000 contact ids.</param>
/// <param name="Id">The same list under the name the vendor's parameter table gives it.</param>
public sealed record BulkDeleteRequest(IReadOnlyList<string>? Ids = null, IReadOnlyList<string>? Id = null);

