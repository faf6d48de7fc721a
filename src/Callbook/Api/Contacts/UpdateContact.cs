using Callbook.Api.Auth;
using Callbook.Api.Errors;
using Callbook.Api.Json;
using Callbook.Stores;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Callbook.Api.Contacts;

/// <summary>PUT /contacts/{id}: replaces every input field of an active contact. Honours If-Match.</summary>
public static class UpdateContact
{
    public static async Task<Results<JsonOk<ContactResponse>, NotFoundError, ConflictError, GoneError, PreconditionFailedError>> HandleAsync(
        ContactId id, ContactBody body, [AsParameters] IfMatch ifMatch, HttpResponse response, Caller caller, IContactStore store, CancellationToken cancellationToken)
    {
        var (expected, refused) = await ContactResults.ExpectedVersionAsync(ifMatch, response, store, caller, id, cancellationToken);
        var answer = refused ?? await ContactResults.FromAsync(await store.UpdateContactAsync(caller.Scope, caller.Actor, new ContactUpdate(id, body.Fields, expected), cancellationToken), id, response, store, caller, cancellationToken);
        return Union.Of<JsonOk<ContactResponse>, NotFoundError, ConflictError, GoneError, PreconditionFailedError>(answer);
    }
}
