using Callbook.Api.Auth;
using Callbook.Api.Errors;
using Callbook.Api.Json;
using Callbook.Stores;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Callbook.Api.Contacts;

/// <summary>POST /contacts/{id}/restore: an inactive contact becomes active again (409 when its number was taken meanwhile).</summary>
public static class RestoreContact
{
    public static async Task<Results<JsonOk<ContactResponse>, NotFoundError, ConflictError, GoneError, PreconditionFailedError>> HandleAsync(
        ContactId id, [AsParameters] IfMatch ifMatch, HttpResponse response, Caller caller, IContactStore store, CancellationToken cancellationToken)
    {
        var (expected, refused) = await ContactResults.ExpectedVersionAsync(ifMatch, response, store, caller, id, cancellationToken);
        // An erased contact cannot come back: 409, like a restore whose number is taken.
        var answer = refused ?? await ContactResults.FromAsync(await store.RestoreContactAsync(caller.Scope, caller.Actor, id, expected, cancellationToken), id, response, store, caller, cancellationToken, erasedIsConflict: true);
        return Union.Of<JsonOk<ContactResponse>, NotFoundError, ConflictError, GoneError, PreconditionFailedError>(answer);
    }
}
