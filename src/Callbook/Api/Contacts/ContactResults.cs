using Callbook.Api.Auth;
using Callbook.Api.Errors;
using Callbook.Api.Json;
using Callbook.Contacts;
using Callbook.Errors;
using Callbook.Storage;
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

    /// <summary>The answer to a single write: 200, 404, 409 or 412.</summary>
    public static Results<JsonOk<ContactResponse>, ErrorResult> From(ContactWriteResult result, string id, HttpResponse response) => result.Outcome switch
    {
        WriteOutcome.Done => Ok(result.Contact!, response),
        WriteOutcome.PhoneInUse => ApiResults.Error(StatusCodes.Status409Conflict, [ContactErrors.PhoneInUse("cellPhone.phoneNumber", result.HolderId, null, null)]),
        WriteOutcome.PreconditionFailed => PreconditionFailed(result.Contact!, response),
        _ => ApiResults.NotFound(id),
    };

    /// <summary>The error for one failed bulk record.</summary>
    public static ApiError Failure(ContactWriteResult result, string id, int index) => result.Outcome switch
    {
        WriteOutcome.PhoneInUse => ContactErrors.PhoneInUse("cellPhone.phoneNumber", result.HolderId, index, null),
        WriteOutcome.PreconditionFailed => new ApiError($"the contact has changed: its version is now {result.Contact!.Version}", ErrorCodes.PreconditionFailed, "version", index),
        _ => ContactErrors.NotFound(id, index),
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
            return (null, ApiResults.NotFound(id));
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
