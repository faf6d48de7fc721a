using Callbook.Api.Errors;
using Callbook.Api.Json;
using Callbook.Contacts;
using Callbook.Errors;
using Callbook.Storage;
using Callbook.Tenancy;

namespace Callbook.Api.Contacts;

/// <summary>Answers shared by the one-contact endpoints.</summary>
internal static class ContactResults
{
    public static IResult Ok(Contact contact) =>
        Results.Json(ContactResponse.From(contact), CallbookJson.Context.ContactResponse, contentType: "application/json");

    /// <summary>The answer to a single write: 200, 404 or 409.</summary>
    public static IResult From(ContactWriteResult result, string id) => result.Outcome switch
    {
        WriteOutcome.Done => Ok(result.Contact!),
        WriteOutcome.PhoneInUse => ApiResults.Error(StatusCodes.Status409Conflict, [ContactErrors.PhoneInUse("cellPhone.phoneNumber", result.HolderId, null, null)]),
        _ => ApiResults.NotFound(id),
    };

    /// <summary>The error for one failed bulk record.</summary>
    public static ApiError Failure(ContactWriteResult result, string id, int index) => result.Outcome == WriteOutcome.PhoneInUse
        ? ContactErrors.PhoneInUse("cellPhone.phoneNumber", result.HolderId, index, null)
        : ContactErrors.NotFound(id, index);

    public static bool IsValidId(string id) => Ids.IsHex24(id);
}
