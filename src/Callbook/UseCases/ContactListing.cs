using Callbook.Contacts;
using Callbook.Stores;
using Callbook.Tenancy;

namespace Callbook.UseCases;

/// <summary>
/// What a list of contacts is filtered by: the status, a name prefix (a <see cref="ContactSearch.Key"/>)
/// or the candidate stored forms of a caller's number (<see cref="Phones.PhoneQuery"/>).
/// </summary>
public sealed record ContactListFilter(StatusFilter Status, string? NamePrefix, IReadOnlyList<string>? Phones)
{
    /// <summary>What a cursor is bound to: a cursor made under other filters does not decode under these.</summary>
    public string Key => string.Join('|', Status, NamePrefix, Phones is null ? "" : string.Join(',', Phones));
}

/// <summary>One page of a listing, and the cursor of the next one (null on the last page).</summary>
public sealed record ContactListingPage(ContactPage Page, string? NextCursor);

/// <summary>
/// Listing a stream's contacts in (createdAt, id) order, by offset or by the signed keyset cursor
/// (<see cref="ContactCursor"/>): the one implementation behind <c>GET …/contacts</c> and the console's
/// contact list, so a cursor means the same in both.
/// </summary>
public sealed class ContactListing(IContactReads store, CursorKey cursorKey)
{
    /// <summary>
    /// Reads one page. <paramref name="cursor"/> is a previous page's <see cref="ContactListingPage.NextCursor"/>
    /// made under the same <paramref name="filter"/> in the same stream; otherwise the answer is null
    /// (the caller says so: a 400 in the API, the first page in the console).
    /// </summary>
    /// <param name="skip">Contacts to skip (0 with a cursor).</param>
    /// <param name="limit">Page size, already checked by the caller (1–100).</param>
    public async Task<ContactListingPage?> ListAsync(StreamScope scope, ContactListFilter filter, int skip, int limit, string? cursor, CancellationToken cancellationToken)
    {
        ListPosition? after = null;
        // The key is read only when a cursor is involved: the caller lookup, the hottest path, never needs it.
        if (cursor is not null && !ContactCursor.TryDecode(await cursorKey.GetAsync(), scope.StreamId, filter.Key, cursor, out after))
        {
            return null;
        }
        var page = await store.ListContactsAsync(scope, new ContactListQuery(filter.Status, skip, limit, filter.NamePrefix, filter.Phones, after), cancellationToken);
        string? nextCursor = null;
        if (page.HasMore)
        {
            var last = page.Contacts[^1];
            nextCursor = ContactCursor.Encode(await cursorKey.GetAsync(), scope.StreamId, filter.Key, new ListPosition(last.CreatedAt.ToUnixTimeMilliseconds(), last.Id));
        }
        return new ContactListingPage(page, nextCursor);
    }
}
