using System.Text.Json;
using Callbook.Api.Auth;
using Callbook.Api.Errors;
using Callbook.Api.Json;
using Callbook.Contacts;
using Callbook.Errors;
using Callbook.Phones;
using Callbook.Stores;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Callbook.Api.Contacts;

/// <summary>PUT /contacts/bulk-update: each record stands alone; a repeated id fails the later record; an optional "version" or "etag" guards a record.</summary>
public static class BulkUpdateContacts
{
    public static async Task<Results<JsonOk<BulkSummary<BulkUpdated>>, ErrorResult>> HandleAsync(HttpRequest request, Caller caller, IContactStore store, JsonBody body, PhoneRules phoneRules, CancellationToken cancellationToken)
    {
        var (document, error) = await body.ReadAsync(request, cancellationToken);
        if (error is not null)
        {
            return error;
        }
        using (document)
        {
            var root = document!.RootElement;
            if (root.ValueKind != JsonValueKind.Array)
            {
                return ApiResults.Error(StatusCodes.Status400BadRequest, "the body must be a JSON array of records, each with an id", ErrorCodes.InvalidBody);
            }
            var count = root.GetArrayLength();
            if (count == 0)
            {
                return ApiResults.Error(StatusCodes.Status400BadRequest, "the array holds no record", ErrorCodes.EmptyRequest);
            }
            if (count > body.RecordsPerRequest)
            {
                return ApiResults.TooManyRecords(body.RecordsPerRequest);
            }

            var failures = new Dictionary<int, BulkFailure>();
            var updates = new List<ContactUpdate>(count);
            var updateIndex = new List<int>(count);
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
                    failures[i] = new BulkFailure(id, errors);
                }
                else
                {
                    updates.Add(new ContactUpdate(id!, fields!, expected));
                    updateIndex.Add(i);
                }
                i++;
            }

            var results = await store.UpdateContactsAsync(caller.Scope, caller.Actor, updates, cancellationToken);
            var erased = await ContactResults.ErasedAsync(store, caller, results, updates.Select(u => u.Id), cancellationToken);
            var successes = new List<BulkUpdated>(results.Count);
            for (var u = 0; u < results.Count; u++)
            {
                var id = updates[u].Id;
                if (results[u].Outcome == WriteOutcome.Done)
                {
                    successes.Add(new BulkUpdated(id, ContactResponse.From(results[u].Contact!, withUnderscoreId: true)));
                }
                else
                {
                    failures[updateIndex[u]] = new BulkFailure(id, [ContactResults.Failure(results[u], id, updateIndex[u], erased)]);
                }
            }
            var failed = failures.OrderBy(f => f.Key).Select(f => f.Value).ToList();
            var summary = new BulkSummary<BulkUpdated>(count, successes.Count, failed.Count, successes, failed);
            return new JsonOk<BulkSummary<BulkUpdated>>(summary, CallbookJson.Context.BulkSummaryBulkUpdated);
        }
    }
}

/// <summary>Reading ids out of bulk records.</summary>
internal static class BulkIds
{
    /// <summary>The id of a bulk-update record: null with an error when absent or not a string, the string with an error when malformed.</summary>
    public static string? Read(JsonElement record, out ApiError? error, int index)
    {
        if (record.ValueKind != JsonValueKind.Object)
        {
            error = new ApiError("each record must be a JSON object", ErrorCodes.InvalidBody, null, index);
            return null;
        }
        if (!record.TryGetProperty("id", out var value) || value.ValueKind != JsonValueKind.String)
        {
            error = new ApiError("id is required and must be a string", ErrorCodes.InvalidId, "id", index);
            return null;
        }
        return Check(value.GetString()!, out error, index);
    }

    public static string Check(string id, out ApiError? error, int index)
    {
        error = ContactResults.IsValidId(id) ? null : ContactErrors.InvalidId(index);
        return id;
    }

    public static ApiError Duplicate(int index) =>
        new("this id appears earlier in the same request", ErrorCodes.DuplicateId, "id", index);
}
