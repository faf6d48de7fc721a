using Callbook.Api.Auth;
using Callbook.Api.Errors;
using Callbook.Api.Json;
using Callbook.Contacts;
using Callbook.Contacts.WriteModel;
using Callbook.Errors;
using Callbook.Stores;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Callbook.Api.Contacts;

/// <summary>
/// POST /contacts: a JSON array (or one object); all are created or none. A refusal lists every failing
/// index: when some records are invalid (400), the valid ones are still checked for numbers taken in the
/// stream or repeated in the request, and those PHONE_IN_USE errors are listed beside the invalid ones.
/// </summary>
public static class CreateContacts
{
    public static async Task<Results<JsonContactsCreated, BadRequestError, ConflictError>> HandleAsync(NewContactsBody body, Caller caller, IContactStore store, CancellationToken cancellationToken)
    {
        var (inputs, errors) = (body.Inputs, body.Errors);
        if (errors.Count > 0)
        {
            errors.AddRange(await FindConflictsAsync(caller, store, inputs, body.InputIndex, cancellationToken));
            return ApiResults.BadRequest([.. errors.OrderBy(e => e.Index ?? -1)]);
        }

        var result = await store.CreateContactsAsync(caller.Scope, caller.Actor, inputs, cancellationToken);
        if (result.Created is null)
        {
            return ApiResults.Error<ConflictError>([.. result.Conflicts.Select(Describe)]);
        }
        return new JsonContactsCreated(result.Created);
    }

    /// <summary>The PHONE_IN_USE errors of the valid records of a request refused for its invalid ones (nothing is written).</summary>
    private static async Task<IEnumerable<ApiError>> FindConflictsAsync(Caller caller, IContactStore store, List<ContactFields> inputs, List<int> inputIndex, CancellationToken cancellationToken)
    {
        if (inputs.Count == 0)
        {
            return [];
        }
        var phones = inputs.Select(f => f.CellPhone.PhoneNumber).ToList();
        var wanted = phones.Distinct(StringComparer.Ordinal).ToList();
        var holders = (await store.ListContactsAsync(caller.Scope, new ContactListQuery(StatusFilter.Active, 0, wanted.Count, Phones: wanted), cancellationToken))
            .Contacts.ToDictionary(c => c.Fields.CellPhone.PhoneNumber, c => (string?)c.Id, StringComparer.Ordinal);
        // The rules of a create, over the valid records only; their indexes map back to the request's.
        return ContactInserts.Conflicts(phones, ContactInserts.Repeats(phones), holders)
            .Select(c => Describe(c with { Index = inputIndex[c.Index], HolderIndex = c.HolderIndex is { } earlier ? inputIndex[earlier] : null }));
    }

    private static ApiError Describe(PhoneConflict conflict) => conflict.HolderIndex is { } earlier
        ? new ApiError($"the phone number is also given to the contact at index {earlier} of this request", ErrorCodes.PhoneInUse, "cellPhone.phoneNumber", conflict.Index)
        : ContactErrors.PhoneInUse("cellPhone.phoneNumber", conflict.HolderId, conflict.Index, null);
}
