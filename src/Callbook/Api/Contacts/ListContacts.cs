using Callbook.Api.Auth;
using Callbook.Api.Errors;
using Callbook.Api.Json;
using Callbook.Errors;
using Callbook.UseCases;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Callbook.Api.Contacts;

/// <summary>
/// GET /contacts: a page in (createdAt, id) order with totals. Filters: status, q (name prefix),
/// phone (+countryCode) for caller lookup; paging by skip/limit or by the opaque nextCursor.
/// </summary>
public static class ListContacts
{
    public static async Task<Results<JsonOk<ContactList>, BadRequestError>> HandleAsync([AsParameters] ListContactsQuery query, Caller caller, ContactListing contacts, CancellationToken cancellationToken)
    {
        // The cursor is bound to the filters; limit may change from page to page.
        var (skip, limit) = (query.SkipValue, query.LimitValue);
        var listing = await contacts.ListAsync(caller.Scope, query.Filter, skip, limit, query.CursorValue, cancellationToken);
        if (listing is null)
        {
            return ApiResults.BadRequest("cursor is not valid for this stream and these filters", ErrorCodes.InvalidQuery, "cursor");
        }
        var page = listing.Page;
        var results = new List<ContactResponse>(page.Contacts.Count);
        foreach (var contact in page.Contacts)
        {
            results.Add(ContactResponse.From(contact));
        }
        var body = new ContactList(
            results,
            skip,
            limit,
            page.HasMore,
            TotalPages: (page.TotalResults + limit - 1) / limit,
            page.TotalResults,
            listing.NextCursor);
        return new JsonOk<ContactList>(body, CallbookJson.Context.ContactList);
    }
}
