using System.Text.Json.Serialization;
using Callbook.Api.Auth;
using Callbook.Api.Errors;
using Callbook.Api.Json;
using Callbook.Contacts;
using Callbook.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Callbook.Api.Contacts;

/// <summary>GET /contacts/{id}/history: every change, oldest first, starting with the creation.</summary>
public static class ContactHistory
{
    public static async Task<Results<JsonOk<HistoryResponse>, ErrorResult>> HandleAsync(string id, Caller caller, IContactStore store, CancellationToken cancellationToken)
    {
        if (!ContactResults.IsValidId(id))
        {
            return ApiResults.InvalidId();
        }
        // Contact first, then history: a change landing in between shows in the history but not in
        // the contact, and undoing it yields exactly the contact as read, so the creation stays right.
        var contact = await store.FindContactAsync(caller.Scope, id, cancellationToken);
        var entries = contact is null ? null : await store.GetHistoryAsync(caller.Scope, id, cancellationToken);
        if (contact is null || entries is null)
        {
            return ApiResults.NotFound(id);
        }
        var history = new List<HistoryItem>(entries.Count + 1)
        {
            new(HistoryOperations.Created, ContactResponse.Timestamp(contact.CreatedAt), contact.CreatedBy, contact.CreatedByAId, new RawJson(ContactChanges.Created(contact, entries))),
        };
        history.AddRange(entries.Select(e => new HistoryItem(e.Operation, ContactResponse.Timestamp(e.At), e.UserId, e.AppActorId, new RawJson(e.ChangesJson))));
        return new JsonOk<HistoryResponse>(new HistoryResponse(id, history), CallbookJson.Context.HistoryResponse);
    }
}

/// <summary>A contact's history.</summary>
public sealed record HistoryResponse(string Id, IReadOnlyList<HistoryItem> History);

/// <summary>One change.</summary>
/// <param name="Operation">created, updated, deleted or restored.</param>
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
