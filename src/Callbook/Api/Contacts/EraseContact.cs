using System.Text.Json.Serialization;
using Callbook.Api.Auth;
using Callbook.Api.Errors;
using Callbook.Api.Json;
using Callbook.Errors;
using Callbook.Stores;
using Callbook.Tenancy;
using Callbook.WebConsole;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Callbook.Api.Contacts;

/// <summary>
/// POST /contacts/{id}/erase: a data-subject erasure (GDPR art. 17). The contact, in any status,
/// loses every personal value everywhere Callbook keeps it; a tombstone remains. Erasing again
/// answers the same tombstone. The API and the console both erase through <see cref="EraseAsync"/>.
/// </summary>
public static class EraseContact
{
    public static async Task<Results<JsonOk<ErasedContactResponse>, NotFoundError>> HandleAsync(ContactId id, Caller caller, IContactStore store, PendingImports pending, CancellationToken cancellationToken)
    {
        var result = await EraseAsync(store, pending, caller.Scope, caller.Actor, id, cancellationToken);
        return result.Tombstone is null
            ? ApiResults.NotFound(id)
            : new JsonOk<ErasedContactResponse>(ErasedContactResponse.From(result.Tombstone), CallbookJson.Context.ErasedContactResponse);
    }

    /// <summary>What a retried request gets instead of a stored answer that named the erased contact <paramref name="id"/>: a 410.</summary>
    public static IdempotentAnswer ErasedAnswer(string id) =>
        new(StatusCodes.Status410Gone, "application/json",
            ApiResults.ErrorBytes([new ApiError($"this answer named contact {id}, which has been erased; it is no longer kept", ErrorCodes.ContactErased, "id", null, null, id)]));

    /// <summary>Erases in the store, then drops this node's pending console uploads of the stream (they may hold the person's row).</summary>
    public static async Task<EraseResult> EraseAsync(IContactStore store, PendingImports pending, StreamScope scope, Actor actor, string id, CancellationToken cancellationToken)
    {
        var result = await store.EraseContactAsync(scope, actor, id, ErasedAnswer(id), cancellationToken);
        if (result.Outcome == EraseOutcome.Erased)
        {
            pending.DiscardStream(scope.StreamId);
        }
        return result;
    }
}

/// <summary>An erased contact: the tombstone, without any personal field.</summary>
/// <param name="Status">Always <c>ERASED</c>.</param>
/// <param name="Version">The version the erasure brought the contact to (the <c>contact.erased</c> event id is <c>ev-{id}-{version}</c>).</param>
/// <param name="ErasedAt">UTC, ISO 8601 with milliseconds.</param>
/// <param name="ErasedBy">User id of the app owner (or console user) who erased it.</param>
/// <param name="ErasedByAId">Actor id of the app that erased it.</param>
public sealed record ErasedContactResponse(
    string Id,
    string StreamId,
    string Status,
    long Version,
    string ErasedAt,
    string ErasedBy,
    [property: JsonPropertyName("erasedByAId")] string ErasedByAId)
{
    public const string ErasedStatus = "ERASED";

    public static ErasedContactResponse From(ErasedContact tombstone) =>
        new(tombstone.Id, tombstone.StreamId, ErasedStatus, tombstone.Version, ContactResponse.Timestamp(tombstone.ErasedAt), tombstone.ErasedBy, tombstone.ErasedByAId);
}
