using Callbook.Contacts;
using Callbook.Tenancy;

namespace Callbook.Stores;

/// <summary>
/// The contact reads of the pages people and IVRs look at: caller lookup, lists and search, export,
/// history. <see cref="ICallbookDatabase.ContactReads"/> may serve them from PostgreSQL standbys
/// (<c>--db-read</c>), which can lag behind the primary by the replication delay: a read a write
/// depends on (a version check, the holder of a number, a bulk update's targets) goes through
/// <see cref="IContactStore"/> instead, which always reads the primary. Every method is scoped to one stream.
/// </summary>
public interface IContactReads
{
    /// <summary>Finds a contact of the stream in any status.</summary>
    Task<Contact?> FindContactAsync(StreamScope scope, string id, CancellationToken cancellationToken);

    /// <summary>
    /// One page of contacts ordered by (created_at, id), with the exact total of every match, both
    /// from one snapshot. The store reads <c>Limit + 1</c> rows to tell <see cref="ContactPage.HasMore"/>.
    /// A list filtered by status alone takes its total from the stream's counters, which every
    /// write keeps in its own transaction (<see cref="Contacts.WriteModel.ContactCounts"/>); a list
    /// filtered by name or number counts its matches, except on a first page (no skip, no cursor)
    /// holding fewer than <c>Limit</c> rows: its total is the page's size (the caller-lookup fast path).
    /// </summary>
    Task<ContactPage> ListContactsAsync(StreamScope scope, ContactListQuery query, CancellationToken cancellationToken);

    /// <summary>Every contact of the filter in (created_at, id) order, streamed from one snapshot (export).</summary>
    IAsyncEnumerable<Contact> StreamContactsAsync(StreamScope scope, StatusFilter status, CancellationToken cancellationToken);

    /// <summary>The changes made to a contact after its creation, oldest first; null when neither the contact nor its tombstone is in the stream.</summary>
    Task<IReadOnlyList<HistoryEntry>?> GetHistoryAsync(StreamScope scope, string id, CancellationToken cancellationToken);

    /// <summary>The tombstones among <paramref name="ids"/> in the stream, by id (erased contacts are otherwise never found).</summary>
    Task<IReadOnlyDictionary<string, ErasedContact>> FindErasedAsync(StreamScope scope, IReadOnlyList<string> ids, CancellationToken cancellationToken);
}
