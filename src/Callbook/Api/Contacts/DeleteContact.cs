using Callbook.Api.Auth;
using Callbook.Api.Errors;
using Callbook.Api.Json;
using Callbook.Stores;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Callbook.Api.Contacts;

/// <summary>DELETE /contacts/{id}: soft delete; an already inactive contact is returned unchanged. Honours If-Match.</summary>
public static class DeleteContact
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
        var result = await store.DeleteContactAsync(caller.Scope, caller.Actor, id, expected, cancellationToken);
        return await ContactResults.FromAsync(result, id, request.HttpContext.Response, store, caller, cancellationToken);
    }
}
