using System.Text.Json;
using Callbook.Api.Auth;
using Callbook.Api.Errors;
using Callbook.Api.Json;
using Callbook.Errors;
using Callbook.Stores;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Callbook.Api.Contacts;

/// <summary>DELETE /contacts/bulk-delete with <c>{"ids":[…]}</c> (or <c>{"id":[…]}</c>): each id stands alone.</summary>
public static class BulkDeleteContacts
{
    public static async Task<Results<JsonOk<BulkSummary<BulkDeleted>>, ErrorResult>> HandleAsync(HttpRequest request, Caller caller, IContactStore store, JsonBody body, CancellationToken cancellationToken)
    {
        var (document, error) = await body.ReadAsync(request, cancellationToken);
        if (error is not null)
        {
            return error;
        }
        using (document)
        {
            var root = document!.RootElement;
            if (ReadIds(root) is not var (field, ids))
            {
                return ApiResults.Error(StatusCodes.Status400BadRequest, "the body must be {\"ids\": [...]} (or {\"id\": [...]}, as the vendor's parameter table names it), not both", ErrorCodes.InvalidBody, "ids");
            }
            var count = ids.GetArrayLength();
            if (count == 0)
            {
                return ApiResults.Error(StatusCodes.Status400BadRequest, $"{field} holds no id", ErrorCodes.EmptyRequest, field);
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
                    failures[i] = new BulkFailure(null, [new ApiError("each id must be a string", ErrorCodes.InvalidId, field, i)]);
                }
                else if (BulkIds.Check(value.GetString()!, out var idError, i) is var id && idError is not null)
                {
                    failures[i] = new BulkFailure(id, [idError with { Field = field }]);
                }
                else if (!seen.Add(id))
                {
                    failures[i] = new BulkFailure(id, [BulkIds.Duplicate(i) with { Field = field }]);
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
                    failures[deleteIndex[d]] = new BulkFailure(toDelete[d], [ContactResults.Failure(results[d], toDelete[d], deleteIndex[d], erased) with { Field = field }]);
                }
            }
            var failed = failures.OrderBy(f => f.Key).Select(f => f.Value).ToList();
            var summary = new BulkSummary<BulkDeleted>(count, successes.Count, failed.Count, successes, failed);
            return new JsonOk<BulkSummary<BulkDeleted>>(summary, CallbookJson.Context.BulkSummaryBulkDeleted);
        }
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
