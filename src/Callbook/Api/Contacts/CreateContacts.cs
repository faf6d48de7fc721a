using System.Text.Json;
using Callbook.Api.Auth;
using Callbook.Api.Errors;
using Callbook.Api.Json;
using Callbook.Contacts;
using Callbook.Errors;
using Callbook.Phones;
using Callbook.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Callbook.Api.Contacts;

/// <summary>POST /contacts: a JSON array (or one object); all are created or none.</summary>
public static class CreateContacts
{
    public static async Task<Results<JsonCreated<ContactResponse[]>, ErrorResult>> HandleAsync(HttpRequest request, Caller caller, IContactStore store, JsonBody body, PhoneRules phoneRules, CancellationToken cancellationToken)
    {
        var (document, error) = await body.ReadAsync(request, cancellationToken);
        if (error is not null)
        {
            return error;
        }
        using (document)
        {
            var root = document!.RootElement;
            var elements = root.ValueKind switch
            {
                JsonValueKind.Array => root.EnumerateArray().ToList(),
                JsonValueKind.Object => [root],
                _ => null,
            };
            if (elements is null)
            {
                return ApiResults.Error(StatusCodes.Status400BadRequest, "the body must be a JSON array of contacts (or one contact object)", ErrorCodes.InvalidBody);
            }
            if (elements.Count == 0)
            {
                return ApiResults.Error(StatusCodes.Status400BadRequest, "the array holds no contact", ErrorCodes.EmptyRequest);
            }
            if (elements.Count > body.RecordsPerRequest)
            {
                return ApiResults.TooManyRecords(body.RecordsPerRequest);
            }
            var errors = new List<ApiError>();
            var inputs = new List<ContactFields>(elements.Count);
            for (var i = 0; i < elements.Count; i++)
            {
                if (ContactInputReader.Read(elements[i], phoneRules, errors, i) is { } fields)
                {
                    inputs.Add(fields);
                }
            }
            if (errors.Count > 0)
            {
                return ApiResults.BadRequest(errors);
            }

            var result = await store.CreateContactsAsync(caller.Scope, caller.Actor, inputs, cancellationToken);
            if (result.Created is null)
            {
                return ApiResults.Error(StatusCodes.Status409Conflict, [.. result.Conflicts.Select(Describe)]);
            }
            var created = result.Created.Select(c => ContactResponse.From(c)).ToArray();
            return new JsonCreated<ContactResponse[]>(created, CallbookJson.Context.ContactResponseArray);
        }
    }

    private static ApiError Describe(PhoneConflict conflict) => conflict.HolderIndex is { } earlier
        ? new ApiError($"the phone number is also given to the contact at index {earlier} of this request", ErrorCodes.PhoneInUse, "cellPhone.phoneNumber", conflict.Index)
        : ContactErrors.PhoneInUse("cellPhone.phoneNumber", conflict.HolderId, conflict.Index, null);
}
