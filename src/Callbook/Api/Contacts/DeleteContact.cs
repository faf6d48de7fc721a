using Callbook.Api.Auth;
using Callbook.Api.Errors;
using Callbook.Storage;

namespace Callbook.Api.Contacts;

/// <summary>DELETE /contacts/{id}: soft delete; an already inactive contact is returned unchanged.</summary>
public static class DeleteContact
{
    public static async Task<IResult> HandleAsync(string id, Caller caller, IContactStore store, CancellationToken cancellationToken)
    {
        if (!ContactResults.IsValidId(id))
        {
            return ApiResults.InvalidId();
        }
        var result = await store.DeleteContactAsync(caller.Scope, caller.Actor, id, cancellationToken);
        return ContactResults.From(result, id);
    }
}
