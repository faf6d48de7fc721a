using System.Text.Json;
using Callbook.Api.Auth;
using Callbook.Api.Errors;
using Callbook.Api.Json;
using Callbook.Contacts;
using Callbook.Errors;
using Callbook.Phones;
using Callbook.Stores;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Callbook.Api.Contacts;

/// <summary>PUT /contacts/{id}: replaces every input field of an active contact. Honours If-Match.</summary>
public static class UpdateContact
{
    public static async Task<Results<JsonOk<ContactResponse>, ErrorResult>> HandleAsync(string id, HttpRequest request, Caller caller, IContactStore store, JsonBody body, PhoneRules phoneRules, CancellationToken cancellationToken)
    {
        if (!ContactResults.IsValidId(id))
        {
            return ApiResults.InvalidId();
        }
        var (document, error) = await body.ReadAsync(request, cancellationToken);
        if (error is not null)
        {
            return error;
        }
        using (document)
        {
            if (document!.RootElement.ValueKind != JsonValueKind.Object)
            {
                return ApiResults.Error(StatusCodes.Status400BadRequest, "the body must be one contact object", ErrorCodes.InvalidBody);
            }
            var errors = new List<ApiError>();
            var fields = ContactInputReader.Read(document.RootElement, phoneRules, errors);
            if (fields is null)
            {
                return ApiResults.BadRequest(errors);
            }
            var (expected, refused) = await ContactResults.ExpectedVersionAsync(request, store, caller, id, cancellationToken);
            if (refused is not null)
            {
                return refused;
            }
            var result = await store.UpdateContactAsync(caller.Scope, caller.Actor, new ContactUpdate(id, fields, expected), cancellationToken);
            return await ContactResults.FromAsync(result, id, request.HttpContext.Response, store, caller, cancellationToken);
        }
    }
}
