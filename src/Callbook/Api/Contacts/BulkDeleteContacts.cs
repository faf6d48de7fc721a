using Callbook.Api.Auth;
using Callbook.Api.Json;
using Callbook.Stores;

namespace Callbook.Api.Contacts;

/// <summary>DELETE /contacts/bulk-delete with <c>{"ids":[…]}</c> (or <c>{"id":[…]}</c>): each id stands alone.</summary>
public static class BulkDeleteContacts
{
    public static async Task<JsonOk<BulkSummary<BulkDeleted>>> HandleAsync(BulkDeleteBody body, Caller caller, IContactStore store, CancellationToken cancellationToken)
    {
        var (failures, toDelete, deleteIndex) = (body.Failures, body.ToDelete, body.DeleteIndex);
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
                failures[deleteIndex[d]] = new BulkFailure(toDelete[d], [ContactResults.Failure(results[d], toDelete[d], deleteIndex[d], erased) with { Field = body.Field }]);
            }
        }
        var failed = failures.OrderBy(f => f.Key).Select(f => f.Value).ToList();
        var summary = new BulkSummary<BulkDeleted>(body.Count, successes.Count, failed.Count, successes, failed);
        return new JsonOk<BulkSummary<BulkDeleted>>(summary, CallbookJson.Context.BulkSummaryBulkDeleted);
    }
}
