using System.Text.Json;
using Callbook.Api.Auth;
using Callbook.Api.Json;
using Callbook.Errors;
using Callbook.Stores;

namespace Callbook.Api.Contacts;

/// <summary>PUT /contacts/bulk-update: each record stands alone; a repeated id fails the later record; an optional "version" or "etag" guards a record.</summary>
public static class BulkUpdateContacts
{
    public static async Task<JsonOk<BulkSummary<BulkUpdated>>> HandleAsync(BulkUpdateBody body, Caller caller, IContactStore store, CancellationToken cancellationToken)
    {
        var (failures, updates, updateIndex) = (body.Failures, body.Updates, body.UpdateIndex);
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
        var summary = new BulkSummary<BulkUpdated>(body.Count, successes.Count, failed.Count, successes, failed);
        return new JsonOk<BulkSummary<BulkUpdated>>(summary, CallbookJson.Context.BulkSummaryBulkUpdated);
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
