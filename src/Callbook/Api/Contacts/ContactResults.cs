using Callbook.Api.Auth;
using Callbook.Api.Errors;
using Callbook.Api.Json;
using Callbook.Contacts;
using Callbook.Errors;
using Callbook.Stores;
using Callbook.Tenancy;

namespace Callbook.Api.Contacts;

/// <summary>Answers shared by the one-contact endpoints; each handler narrows them to the <c>Results&lt;…&gt;</c> it declares (<see cref="Union"/>).</summary>
internal static class ContactResults
{
    public static JsonOk<ContactResponse> Ok(Contact contact, HttpResponse response)
    {
        ETags.Set(response, contact);
        return new(ContactResponse.From(contact), CallbookJson.Context.ContactResponse);
    }

    /// <summary>The answer to a single write: 200, 404, 409, 412, or 410 (409 for a restore, <paramref name="erasedIsConflict"/>) when the contact was erased.</summary>
    public static async Task<IResult> FromAsync(ContactWriteResult result, string id, HttpResponse response, IContactStore store, Caller caller, CancellationToken cancellationToken, bool erasedIsConflict = false) => result.Outcome switch
    {
        WriteOutcome.Done => Ok(result.Contact!, response),
        WriteOutcome.PhoneInUse => ApiResults.Error<ConflictError>([ContactErrors.PhoneInUse("cellPhone.phoneNumber", result.HolderId, null, null)]),
        WriteOutcome.PreconditionFailed => PreconditionFailed(result.Contact!, response),
        _ => await NotFoundAsync(id, store, caller, cancellationToken, erasedIsConflict),
    };

    /// <summary>404, or 410 (409 when <paramref name="erasedIsConflict"/>) with <c>CONTACT_ERASED</c> when the id is an erased contact's.</summary>
    public static async Task<ErrorResult> NotFoundAsync(string id, IContactStore store, Caller caller, CancellationToken cancellationToken, bool erasedIsConflict = false)
    {
        var erased = await store.FindErasedAsync(caller.Scope, [id], cancellationToken);
        if (!erased.TryGetValue(id, out var tombstone))
        {
            return ApiResults.NotFound(id);
        }
        IReadOnlyList<ApiError> errors = [ContactErrors.Erased(id, tombstone.ErasedAt)];
        return erasedIsConflict ? ApiResults.Error<ConflictError>(errors) : ApiResults.Error<GoneError>(errors);
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

    /// <summary>Resolves If-Match to the one version a write must find; a refusal (404, 410 or 412) when no listed version is current.</summary>
    public static async Task<(long? Expected, ErrorResult? Refused)> ExpectedVersionAsync(IfMatch ifMatch, HttpResponse response, IContactStore store, Caller caller, string id, CancellationToken cancellationToken)
    {
        var versions = ETags.Parse(ifMatch.Value ?? default);
        if (versions is null || versions.Count == 1)
        {
            return (versions?[0], null);
        }
        var current = await store.FindContactAsync(caller.Scope, id, cancellationToken);
        if (current is null)
        {
            return (null, await NotFoundAsync(id, store, caller, cancellationToken));
        }
        return versions.Contains(current.Version) ? (current.Version, null) : (null, PreconditionFailed(current, response));
    }

    private static PreconditionFailedError PreconditionFailed(Contact current, HttpResponse response)
    {
        ETags.Set(response, current);
        return ApiResults.Error<PreconditionFailedError>(
            $"If-Match does not match the contact's current ETag {ETags.For(current)}", ErrorCodes.PreconditionFailed, "If-Match");
    }
}

/// <summary>The If-Match header of a one-contact write, bound as sent (<see cref="ETags.Parse"/> reads it; it never refuses by itself).</summary>
public sealed class IfMatch
{
    [Microsoft.AspNetCore.Mvc.FromHeader(Name = "If-Match")]
    [System.ComponentModel.Description("The ETag of the contact as last read (\"v3\"), or *. When the contact has changed since, the answer is 412 with the current ETag.")]
    public Microsoft.Extensions.Primitives.StringValues? Value { get; init; }
}
