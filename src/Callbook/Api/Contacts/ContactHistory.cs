using System.Text.Json.Serialization;
using Callbook.Api.Auth;
using Callbook.Api.Errors;
using Callbook.Api.Json;
using Callbook.Contacts;
using Callbook.Storage;

namespace Callbook.Api.Contacts;

/// <summary>GET /contacts/{id}/history: every change, oldest first, starting with the creation.</summary>
public static class ContactHistory
{
    public static async Task<IResult> HandleAsync(string id, Caller caller, IContactStore store, CancellationToken cancellationToken)
    {
        if (!ContactResults.IsValidId(id))
        {
            return ApiResults.InvalidId();
        }
        // Contact first, then history: a change landing in between shows in the history but not in
        // the contact, and undoing it yields exactly the contact as read, so the creation stays right.
        var contact = await store.FindContactAsync(caller.Scope, id, cancellationToken);
        if (contact is null)
        {
            return await ErasedHistoryAsync(id, caller, store, cancellationToken);
        }
        var entries = await store.GetHistoryAsync(caller.Scope, id, cancellationToken);
        if (entries is null)
        {
            return ApiResults.NotFound(id);
        }
        // Entries older than Callbook:History:RetainDays are purged: the creation can then no longer
        // be rebuilt, and shows who and when only.
        var complete = entries.Count == contact.Version - 1;
        var history = new List<HistoryItem>(entries.Count + 1)
        {
            new(HistoryOperations.Created, ContactResponse.Timestamp(contact.CreatedAt), contact.CreatedBy, contact.CreatedByAId, new RawJson(complete ? ContactChanges.Created(contact, entries) : "[]")),
        };
        history.AddRange(entries.Select(Item));
        return Results.Json(new HistoryResponse(id, history), CallbookJson.Context.HistoryResponse, contentType: "application/json");
    }

    /// <summary>An erased contact's history: who did what and when, no values, ending with the erasure; 404 when there is no tombstone either.</summary>
    private static async Task<IResult> ErasedHistoryAsync(string id, Caller caller, IContactStore store, CancellationToken cancellationToken)
    {
        var erased = await store.FindErasedAsync(caller.Scope, [id], cancellationToken);
        if (!erased.TryGetValue(id, out var tombstone))
        {
            return ApiResults.NotFound(id);
        }
        var entries = await store.GetHistoryAsync(caller.Scope, id, cancellationToken) ?? [];
        var history = new List<HistoryItem>(entries.Count + 1)
        {
            new(HistoryOperations.Created, ContactResponse.Timestamp(tombstone.CreatedAt), tombstone.CreatedBy, tombstone.CreatedByAId, new RawJson("[]")),
        };
        history.AddRange(entries.Select(Item));
        return Results.Json(new HistoryResponse(id, history, ErasedContactResponse.ErasedStatus), CallbookJson.Context.HistoryResponse, contentType: "application/json");
    }

    private static HistoryItem Item(HistoryEntry entry) =>
        new(entry.Operation, ContactResponse.Timestamp(entry.At), entry.UserId, entry.AppActorId, new RawJson(entry.ChangesJson));
}

/// <summary>A contact's history.</summary>
/// <param name="Status"><c>ERASED</c> for an erased contact (every entry then has empty changes), absent otherwise.</param>
public sealed record HistoryResponse(string Id, IReadOnlyList<HistoryItem> History, string? Status = null);

/// <summary>One change.</summary>
/// <param name="Operation">created, updated, deleted, restored or erased.</param>
/// <param name="At">UTC, ISO 8601 with milliseconds.</param>
/// <param name="By">User id of the app owner who made the change.</param>
/// <param name="ByAId">Actor id of the app that made the change.</param>
/// <param name="Changes">[{"field","before","after"}] for each changed field.</param>
public sealed record HistoryItem(
    string Operation,
    string At,
    string By,
    [property: JsonPropertyName("byAId")] string ByAId,
    RawJson Changes);
