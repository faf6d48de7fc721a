using System.Text.Json;
using Callbook.Api.Auth;
using Callbook.Api.Errors;
using Callbook.Api.Json;
using Callbook.Errors;
using Callbook.Storage;

namespace Callbook.Api.Contacts;

/// <summary>DELETE /contacts/bulk-delete with <c>{"ids":[…]}</c>: each id stands alone.</summary>
public static class BulkDeleteContacts
{
    public static async Task<IResult> HandleAsync(HttpRequest request, Caller caller, IContactStore store, JsonBody body, CancellationToken cancellationToken)
    {
        var (document, error) = await body.ReadAsync(request, cancellationToken);
        if (error is not null)
        {
            return error;
        }
        using (document)
        {
            var root = document!.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("ids", out var ids) || ids.ValueKind != JsonValueKind.Array)
            {
                return ApiResults.Error(StatusCodes.Status400BadRequest, "the body must be {\"ids\": [...]}", ErrorCodes.InvalidBody, "ids");
            }
            var count = ids.GetArrayLength();
            if (count == 0)
            {
                return ApiResults.Error(StatusCodes.Status400BadRequest, "ids holds no id", ErrorCodes.EmptyRequest, "ids");
            }
            if (count > body.RecordsPerRequest)
            {
                return ApiResults.TooManyRecords(body.RecordsPerRequest);
            }

            var failures = new Dictionary<int, BulkFailure>();
            var toDelete = new List<string>(count);
            var deleteIndex = new List<int>(count);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var i = 0;
            foreach (var value in ids.EnumerateArray())
            {
                if (value.ValueKind != JsonValueKind.String)
                {
                    failures[i] = new BulkFailure(null, [new ApiError("each id must be a string", ErrorCodes.InvalidId, "ids", i)]);
                }
                else if (BulkIds.Check(value.GetString()!, out var idError, i) is var id && idError is not null)
                {
                    failures[i] = new BulkFailure(id, [idError with { Field = "ids" }]);
                }
                else if (!seen.Add(id))
                {
                    failures[i] = new BulkFailure(id, [BulkIds.Duplicate(i) with { Field = "ids" }]);
                }
                else
                {
                    toDelete.Add(id);
                    deleteIndex.Add(i);
                }
                i++;
            }

            var results = await store.DeleteContactsAsync(caller.Scope, caller.Actor, [.. toDelete.Select(id => new ContactDelete(id))], cancellationToken);
            var erased = await ContactResults.ErasedAsync(store, caller, results, toDelete, cancellationToken);
            var successes = new List<BulkDeleted>(results.Count);
            for (var d = 0; d < results.Count; d++)
            {
                if (results[d].Outcome == WriteOutcome.Done)
                {
                    successes.Add(new BulkDeleted(toDelete[d]));
                }
                else
                {
                    failures[deleteIndex[d]] = new BulkFailure(toDelete[d], [ContactResults.Failure(results[d], toDelete[d], deleteIndex[d], erased) with { Field = "ids" }]);
                }
            }
            var failed = failures.OrderBy(f => f.Key).Select(f => f.Value).ToList();
            var summary = new BulkSummary<BulkDeleted>(count, successes.Count, failed.Count, successes, failed);
            return Results.Json(summary, CallbookJson.Context.BulkSummaryBulkDeleted, contentType: "application/json");
        }
    }
}
