using System.Text.Json.Serialization;
using Callbook.Api.Auth;
using Callbook.Api.Errors;
using Callbook.Api.Json;
using Callbook.History;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Callbook.Api.Contacts;

/// <summary>GET /contacts/{id}/history: every change, oldest first, starting with the creation.</summary>
public static class ContactHistory
{
    public static async Task<Results<JsonOk<HistoryResponse>, NotFoundError>> HandleAsync(ContactId id, Caller caller, ContactHistoryReader reader, CancellationToken cancellationToken)
    {
        if (await reader.ReadAsync(caller.Scope, id, cancellationToken) is { } found)
        {
            return new JsonOk<HistoryResponse>(new HistoryResponse(id, Items(found.History)), CallbookJson.Context.HistoryResponse);
        }
        if (await reader.ReadErasedAsync(caller.Scope, id, cancellationToken) is { } erased)
        {
            return new JsonOk<HistoryResponse>(new HistoryResponse(id, Items(erased), ErasedContactResponse.ErasedStatus), CallbookJson.Context.HistoryResponse);
        }
        return ApiResults.NotFound(id);
    }

    private static List<HistoryItem> Items(IReadOnlyList<HistoryRecord> records) =>
        records.Select(e => new HistoryItem(e.Operation, ContactResponse.Timestamp(e.At), e.UserId, e.AppActorId, e.ActorName, new RawJson(e.ChangesJson))).ToList();
}

/// <summary>A contact's history.</summary>
/// <param name="Status"><c>ERASED</c> for an erased contact (every entry then has empty changes), absent otherwise.</param>
public sealed record HistoryResponse(string Id, IReadOnlyList<HistoryItem> History, string? Status = null);

/// <summary>One change.</summary>
/// <param name="Operation">created, updated, deleted, restored or erased.</param>
/// <param name="At">UTC, ISO 8601 with milliseconds.</param>
/// <param name="By">User id of the app owner who made the change, or of the console user.</param>
/// <param name="ByAId">Actor id of the app that made the change (<c>a-console</c> for the web console).</param>
/// <param name="ByName">Who that is, to a person: the console user's e-mail or the app's name; absent when it no longer exists.</param>
/// <param name="Changes">[{"field","before","after"}] for each changed field.</param>
public sealed record HistoryItem(
    string Operation,
    string At,
    string By,
    [property: JsonPropertyName("byAId")] string ByAId,
    string? ByName,
    RawJson Changes);
