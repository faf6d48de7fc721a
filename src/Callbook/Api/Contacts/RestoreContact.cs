using Callbook.Api.Auth;
using Callbook.Api.Errors;
using Callbook.Api.Json;
using Callbook.Stores;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Callbook.Api.Contacts;

/// <summary>POST /contacts/{id}/restore: an inactive contact becomes active again (409 when its number was taken meanwhile).</summary>
public static class RestoreContact
{
    public static async Task<Results<JsonOk<ContactResponse>, ErrorResult>> HandleAsync(string id, HttpRequest request, Caller caller, IContactStore store, CancellationToken cancellationToken)
    {
        if (!ContactResults.IsValidId(id))
        {
            return ApiResults.InvalidId();
        }
        var (expected, refused) = await ContactResults.ExpectedVersionAsync(request, store, caller, id, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }
        var result = await store.RestoreContactAsync(caller.Scope, caller.Actor, id, expected, cancellationToken);
        // An erased contact cannot come back: 409, like a restore whose number is taken.
        return await ContactResults.FromAsync(result, id, request.HttpContext.Response, store, caller, cancellationToken, StatusCodes.Status409Conflict);
    }
}
