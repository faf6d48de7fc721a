using Callbook.Api.Auth;
using Callbook.Api.Errors;
using Callbook.Api.Json;
using Callbook.Contacts;
using Callbook.Errors;
using Callbook.Stores;
using Callbook.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Callbook.Api.Contacts;

/// <summary>Answers shared by the one-contact endpoints.</summary>
internal static class ContactResults
{
    public static JsonOk<ContactResponse> Ok(Contact contact, HttpResponse response)
    {
        ETags.Set(response, contact);
        return new(ContactResponse.From(contact), CallbookJson.Context.ContactResponse);
    }

    /// <summary>The answer to a single write: 200, 404, 409, 412, or 410 (409 for a restore) when the contact was erased.</summary>
    public static async Task<Results<JsonOk<ContactResponse>, ErrorResult>> FromAsync(ContactWriteResult result, string id, HttpResponse response, IContactStore store, Caller caller, CancellationToken cancellationToken, int erasedStatus = StatusCodes.Status410Gone) => result.Outcome switch
    {
        WriteOutcome.Done => Ok(result.Contact!, response),
        WriteOutcome.PhoneInUse => ApiResults.Error(StatusCodes.Status409Conflict, [ContactErrors.PhoneInUse("cellPhone.phoneNumber", result.HolderId, null, null)]),
        WriteOutcome.PreconditionFailed => PreconditionFailed(result.Contact!, response),
        _ => await NotFoundAsync(id, store, caller, cancellationToken, erasedStatus),
    };

    /// <summary>404, or 410 (<paramref name="erasedStatus"/>) with <c>CONTACT_ERASED</c> when the id is an erased contact's.</summary>
    public static async Task<ErrorResult> NotFoundAsync(string id, IContactStore store, Caller caller, CancellationToken cancellationToken, int erasedStatus = StatusCodes.Status410Gone)
    {
        var erased = await store.FindErasedAsync(caller.Scope, [id], cancellationToken);
        return erased.TryGetValue(id, out var tombstone)
            ? ApiResults.Error(erasedStatus, [ContactErrors.Erased(id, tombstone.ErasedAt)])
            : ApiResults.NotFound(id);
    }

    /// <summary>The tombstones of the records a bulk write did not find (one query, only when some were not found).</summary>
    public static async Task<IReadOnlyDictionary<string, ErasedContact>> ErasedAsync(IContactStore store, Caller caller, IReadOnlyList<ContactWriteResult> results, IEnumerable<string> ids, CancellationToken cancellationToken)
    {
        var missing = ids.Where((_, i) => results[i].Outcome == WriteOutcome.NotFound).Distinct(StringComparer.Ordinal).ToList();
        return missing.Count == 0 ? new Dictionary<string, ErasedContact>() : await store.FindErasedAsync(caller.Scope, missing, cancellationToken);
    }

    /// <summary>The error for one failed bulk record.</summary>
    public static ApiError Failure(ContactWriteResult result, string id, int index, IReadOnlyDictionary<string, ErasedContact> erased) => result.Outcome switch
    {
        WriteOutcome.PhoneInUse => ContactErrors.PhoneInUse("cellPhone.phoneNumber", result.HolderId, index, null),
        WriteOutcome.PreconditionFailed => new ApiError($"the contact has changed: its version is now {result.Contact!.Version}", ErrorCodes.PreconditionFailed, "version", index),
        _ => erased.TryGetValue(id, out var tombstone) ? ContactErrors.Erased(id, tombstone.ErasedAt, index) : ContactErrors.NotFound(id, index),
    };

    public static bool IsValidId(string id) => Ids.IsHex24(id);

    /// <summary>Resolves If-Match to the one version a write must find; a 412 when no listed version is current.</summary>
    public static async Task<(long? Expected, ErrorResult? Refused)> ExpectedVersionAsync(HttpRequest request, IContactStore store, Caller caller, string id, CancellationToken cancellationToken)
    {
        var versions = ETags.Parse(request);
        if (versions is null || versions.Count == 1)
        {
            return (versions?[0], null);
        }
        var current = await store.FindContactAsync(caller.Scope, id, cancellationToken);
        if (current is null)
        {
            return (null, await NotFoundAsync(id, store, caller, cancellationToken));
        }
        return versions.Contains(current.Version) ? (current.Version, null) : (null, PreconditionFailed(current, request.HttpContext.Response));
    }

    private static ErrorResult PreconditionFailed(Contact current, HttpResponse response)
    {
        ETags.Set(response, current);
        return ApiResults.Error(StatusCodes.Status412PreconditionFailed,
            $"If-Match does not match the contact's current ETag {ETags.For(current)}", ErrorCodes.PreconditionFailed, "If-Match");
    }
}
