using Callbook.Api.Auth;
using Callbook.Api.Errors;
using Callbook.Api.Json;
using Callbook.Stores;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Callbook.Api.Contacts;

/// <summary>GET /contacts/{id}: one contact of the stream, in any status, with its ETag; 410 <c>CONTACT_ERASED</c> once erased.</summary>
public static class GetContact
{
    public static async Task<Results<JsonOk<ContactResponse>, NotFoundError, GoneError>> HandleAsync(ContactId id, HttpResponse response, Caller caller, IContactStore store, CancellationToken cancellationToken)
    {
        var contact = await store.FindContactAsync(caller.Scope, id, cancellationToken);
        return contact is null
            ? Union.Of<JsonOk<ContactResponse>, NotFoundError, GoneError>(await ContactResults.NotFoundAsync(id, store, caller, cancellationToken))
            : ContactResults.Ok(contact, response);
    }
}
