using Callbook.Contacts;
using Callbook.Errors;
using Callbook.Tenancy;

namespace Callbook.Stores;

/// <summary>
/// Contact storage, shaped by the API's use cases. Every method is scoped to one stream:
/// a contact of another stream or account is simply not found. Its reads (<see cref="IContactReads"/>)
/// always see every committed write: on PostgreSQL they run on the primary. Cross-tenant operations
/// live on <see cref="IContactOperatorStore"/>.
/// </summary>
public interface IContactStore : IContactReads
{
    /// <summary>Creates all contacts in one transaction, or none when any phone is taken.</summary>
    Task<CreateContactsResult> CreateContactsAsync(StreamScope scope, Actor actor, IReadOnlyList<ContactFields> contacts, CancellationToken cancellationToken);

    /// <summary>Makes an inactive contact active again; an active one is returned unchanged. PhoneInUse when its number was taken meanwhile.</summary>
    Task<ContactWriteResult> RestoreContactAsync(StreamScope scope, Actor actor, string id, long? expectedVersion, CancellationToken cancellationToken);

    /// <summary>Replaces the input fields of an active contact.</summary>
    Task<ContactWriteResult> UpdateContactAsync(StreamScope scope, Actor actor, ContactUpdate update, CancellationToken cancellationToken);

    /// <summary>Updates each record on its own: one failure never blocks another. Results are in input order.</summary>
    Task<IReadOnlyList<ContactWriteResult>> UpdateContactsAsync(StreamScope scope, Actor actor, IReadOnlyList<ContactUpdate> updates, CancellationToken cancellationToken);

    /// <summary>Soft-deletes: the contact becomes inactive and frees its number. Deleting an inactive contact changes nothing.</summary>
    Task<ContactWriteResult> DeleteContactAsync(StreamScope scope, Actor actor, string id, long? expectedVersion, CancellationToken cancellationToken);

    /// <summary>Soft-deletes each id on its own. Results are in input order.</summary>
    Task<IReadOnlyList<ContactWriteResult>> DeleteContactsAsync(StreamScope scope, Actor actor, IReadOnlyList<ContactDelete> deletes, CancellationToken cancellationToken);

    /// <summary>
    /// Erases a contact in any status for good: the row and its search keys go, every history
    /// entry keeps who and when but loses its values, stored idempotent answers naming it and its
    /// webhook deliveries are dropped, and a tombstone plus one <c>erased</c> history entry (and its
    /// <c>contact.erased</c> event) are written, in one transaction. Then the freed storage is wiped
    /// as far as the backend allows (SQLite: secure_delete and a truncating WAL checkpoint;
    /// PostgreSQL: VACUUM of the touched tables). Erasing again returns the tombstone unchanged.
    /// </summary>
    /// <param name="erasedAnswer">Replaces every stored idempotent answer of the stream that names the contact (a retry gets it instead).</param>
    Task<EraseResult> EraseContactAsync(StreamScope scope, Actor actor, string id, IdempotentAnswer erasedAnswer, CancellationToken cancellationToken);

    /// <summary>
    /// How many contacts of the stream have ever been erased (tombstones are never removed): a copy of
    /// stream data taken when this was n holds no erased person only while it is still n, on any node.
    /// </summary>
    Task<long> CountErasedAsync(StreamScope scope, CancellationToken cancellationToken);

    /// <summary>
    /// Inserts streamed rows in one transaction. Atomic unless <see cref="ImportOptions.Partial"/>:
    /// then good rows are kept and bad ones reported.
    /// </summary>
    Task<ImportResult> ImportContactsAsync(StreamScope scope, Actor actor, IAsyncEnumerable<ImportRow> rows, ImportOptions options, CancellationToken cancellationToken);
}

/// <summary>
/// What the operator's side of the installation does with contacts across tenants: the counts of
/// /metrics and the history retention sweep. No API, console or CLI request of a tenant reaches it.
/// </summary>
public interface IContactOperatorStore
{
    /// <summary>Contacts of the whole installation by status, for the operator's /metrics.</summary>
    Task<IReadOnlyDictionary<ContactStatus, long>> CountByStatusAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Deletes up to <paramref name="batch"/> history entries made before <paramref name="before"/>,
    /// oldest first, installation-wide (<c>Callbook:History:RetainDays</c>). Runs on one node at a
    /// time: returns -1 when another node is purging right now.
    /// </summary>
    Task<int> PurgeHistoryAsync(DateTimeOffset before, int batch, CancellationToken cancellationToken);

    /// <summary>
    /// Rebuilds every stream's contact counters (the exact list totals) from the stored contacts, in
    /// one write transaction (writers wait meanwhile). Needed only when something wrote contacts
    /// without keeping the counters, e.g. a node of a version before migration 0014 still running
    /// after the upgrade. Returns the streams whose counters were wrong, before and after.
    /// </summary>
    Task<IReadOnlyList<CountCorrection>> RecountAsync(CancellationToken cancellationToken);
}

/// <summary>A stream whose contact counters <see cref="IContactOperatorStore.RecountAsync"/> corrected: the counts it held and the counts of its rows.</summary>
public sealed record CountCorrection(string StreamId, long ActiveBefore, long InactiveBefore, long Active, long Inactive);

public enum StatusFilter
{
    Active,
    Inactive,
    All,
}

/// <summary>What a list asks for. Filters combine with AND.</summary>
/// <param name="SearchPrefix">Already normalised with <see cref="Contacts.ContactSearch.Key"/>: matches the start of search_full or search_last.</param>
/// <param name="Phones">Stored numbers to match exactly (caller lookup gives one or two candidates).</param>
/// <param name="After">Keyset position: only rows with (created_at, id) greater than it.</param>
public sealed record ContactListQuery(
    StatusFilter Status,
    int Skip,
    int Limit,
    string? SearchPrefix = null,
    IReadOnlyList<string>? Phones = null,
    ListPosition? After = null)
{
    /// <summary>
    /// A caller lookup: the first page filtered by phone numbers alone. At most a few contacts
    /// match, so a store reads the page in one statement and, unless the page is full, takes it as
    /// its own total without counting.
    /// </summary>
    public bool IsPhoneLookup => Skip == 0 && After is null && SearchPrefix is null && Phones is { Count: > 0 };
}

/// <summary>A point in (created_at, id) order.</summary>
public sealed record ListPosition(long CreatedAtMs, string Id);

public sealed record ContactPage(IReadOnlyList<Contact> Contacts, long TotalResults, bool HasMore)
{
    /// <summary>A page read with one row more than <paramref name="limit"/> (the probe that says whether more follow): drops the probe.</summary>
    public static ContactPage FromProbe(List<Contact> rows, long totalResults, int limit)
    {
        var hasMore = rows.Count > limit;
        if (hasMore)
        {
            rows.RemoveAt(rows.Count - 1);
        }
        return new ContactPage(rows, totalResults, hasMore);
    }
}

/// <param name="ExpectedVersion">When set, the update applies only if the contact's version still equals it.</param>
public sealed record ContactUpdate(string Id, ContactFields Fields, long? ExpectedVersion = null);

/// <param name="ExpectedVersion">When set, the delete applies only if the contact's version still equals it.</param>
public sealed record ContactDelete(string Id, long? ExpectedVersion = null);

public enum WriteOutcome
{
    Done,
    NotFound,
    PhoneInUse,
    /// <summary>The expected version differs from the contact's: nothing changed; <see cref="ContactWriteResult.Contact"/> is the current contact.</summary>
    PreconditionFailed,
}

/// <summary>The outcome of one write. <see cref="HolderId"/> names the contact holding a phone number.</summary>
public sealed record ContactWriteResult(WriteOutcome Outcome, Contact? Contact, string? HolderId = null)
{
    public static readonly ContactWriteResult NotFound = new(WriteOutcome.NotFound, null);
}

/// <summary>Either the created contacts in input order, or the indexes whose phone is taken.</summary>
public sealed record CreateContactsResult(IReadOnlyList<Contact>? Created, IReadOnlyList<PhoneConflict> Conflicts);

/// <summary>Element <see cref="Index"/> wants a number held by <see cref="HolderId"/>, or by an earlier element (<see cref="HolderIndex"/>).</summary>
public sealed record PhoneConflict(int Index, string? HolderId, int? HolderIndex);

/// <summary>A parsed data row of an import file: either its fields or why it is bad.</summary>
/// <param name="Status">The status the contact is created with (a file's optional status column); an inactive one never takes a number from an active contact.</param>
/// <param name="Cells">The row's cells as written in the file, for the error report of failed rows.</param>
public sealed record ImportRow(int Row, ContactFields? Fields, IReadOnlyList<ApiError> Errors, ContactStatus Status = ContactStatus.Active, IReadOnlyList<string>? Cells = null);

/// <summary>Receives every failed row of an import with its errors, in row order (the fixable error report).</summary>
public interface IImportRejects
{
    void Add(ImportRow row, IReadOnlyList<ApiError> errors);
}

/// <param name="Partial">Keep good rows when some are bad.</param>
/// <param name="KeepCreated">Return the created contacts (not wanted for summaries of huge files).</param>
/// <param name="PhoneInUse">
/// How the caller (the import's edge) reports a row whose number another active contact holds, under
/// its own field name (a file's column): given the row and the holder's id (null when the store could
/// not tell). The store reports only that domain fact; it never names a field.
/// </param>
/// <param name="MaxReportedErrors">Errors beyond this are counted, not listed.</param>
/// <param name="Rejects">Gets every failed row, listed or not.</param>
public sealed record ImportOptions(bool Partial, bool KeepCreated, Func<ImportRow, string?, ApiError> PhoneInUse, int MaxReportedErrors = 1000, IImportRejects? Rejects = null);

public sealed record ImportResult(
    long TotalRows,
    long Imported,
    long Failed,
    IReadOnlyList<ApiError> Errors,
    IReadOnlyList<Contact>? Created)
{
    public bool RolledBack => Imported == 0 && Failed > 0;
}
