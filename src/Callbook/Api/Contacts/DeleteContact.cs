using Callbook.Api.Auth;
using Callbook.Api.Errors;
using Callbook.Api.Json;
using Callbook.Stores;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Callbook.Api.Contacts;

/// <summary>DELETE /contacts/{id}: soft delete; an already inactive contact is returned unchanged. Honours If-Match.</summary>
public static class DeleteContact
{
    public static async Task<Results<JsonOk<ContactResponse>, NotFoundError, GoneError, PreconditionFailedError>> HandleAsync(
        ContactId id, [AsParameters] IfMatch ifMatch, HttpResponse response, Caller caller, IContactStore store, CancellationToken cancellationToken)
    {
        var (expected, refused) = await ContactResults.ExpectedVersionAsync(ifMatch, response, store, caller, id, cancellationToken);
        var answer = refused ?? await ContactResults.FromAsync(await store.DeleteContactAsync(caller.Scope, caller.Actor, id, expected, cancellationToken), id, response, store, caller, cancellationToken);
        return Union.Of<JsonOk<ContactResponse>, NotFoundError, GoneError, PreconditionFailedError>(answer);
    }
}
