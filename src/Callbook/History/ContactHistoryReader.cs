using Callbook.Contacts;
using Callbook.Stores;
using Callbook.Tenancy;

namespace Callbook.History;

/// <summary>One change as the API and the console show it: who by id and by name, when, and what.</summary>
/// <param name="Operation">created, updated, deleted, restored or erased.</param>
/// <param name="UserId">The <c>u-…</c> id: the app's owning user, or the console user.</param>
/// <param name="AppActorId">The app's <c>a-…</c> actor id, or <see cref="ConsoleActor.AppActorId"/>.</param>
/// <param name="ActorName">The console user's e-mail or the app's name; null when neither exists any more.</param>
/// <param name="ChangesJson">A JSON array of {"field","before","after"}.</param>
public sealed record HistoryRecord(string Operation, DateTimeOffset At, string UserId, string AppActorId, string? ActorName, string ChangesJson);

/// <summary>
/// A contact's history, oldest first, starting with its creation, for every front door (the
/// API's GET …/history and the console's contact page). The contact is read first, then its history:
/// a change landing in between shows in the history but not in the contact, and undoing it yields
/// exactly the contact as read, so the derived creation entry stays right. The reader registered
/// without a key reads where <see cref="IContactReads"/> does (the read standbys, with <c>--db-read</c>);
/// the one keyed <see cref="Primary"/> reads the primary, for the console's edit page, whose
/// version the next change is checked against.
/// </summary>
public sealed class ContactHistoryReader(IContactReads contacts, ITenancyStore tenancy, IConsoleUserStore consoleUsers)
{
    /// <summary>The service key of the reader over <see cref="IContactStore"/>: always up to date with every write.</summary>
    public const string Primary = "primary";

    /// <summary>The contact and its history; null when the stream has no such contact.</summary>
    public async Task<(Contact Contact, IReadOnlyList<HistoryRecord> History)?> ReadAsync(StreamScope scope, string id, CancellationToken cancellationToken)
    {
        var contact = await contacts.FindContactAsync(scope, id, cancellationToken);
        var entries = contact is null ? null : await contacts.GetHistoryAsync(scope, id, cancellationToken);
        if (contact is null || entries is null)
        {
            return null;
        }
        // Entries older than Callbook:History:RetainDays are purged: the creation can then no longer
        // be rebuilt, and shows who and when only.
        var complete = entries.Count == contact.Version - 1;
        var created = new HistoryEntry(contact.CreatedAt, contact.CreatedBy, contact.CreatedByAId, HistoryOperations.Created, complete ? ContactChanges.Created(contact, entries) : "[]");
        return (contact, await WithNamesAsync(scope, entries.Prepend(created).ToList(), cancellationToken));
    }

    /// <summary>An erased contact's history: who did what and when, no values, ending with the erasure; null when there is no tombstone either.</summary>
    public async Task<IReadOnlyList<HistoryRecord>?> ReadErasedAsync(StreamScope scope, string id, CancellationToken cancellationToken)
    {
        var erased = await contacts.FindErasedAsync(scope, [id], cancellationToken);
        if (!erased.TryGetValue(id, out var tombstone))
        {
            return null;
        }
        var entries = await contacts.GetHistoryAsync(scope, id, cancellationToken) ?? [];
        var created = new HistoryEntry(tombstone.CreatedAt, tombstone.CreatedBy, tombstone.CreatedByAId, HistoryOperations.Created, "[]");
        return await WithNamesAsync(scope, entries.Prepend(created).ToList(), cancellationToken);
    }

    private async Task<IReadOnlyList<HistoryRecord>> WithNamesAsync(StreamScope scope, List<HistoryEntry> all, CancellationToken cancellationToken)
    {
        var names = await NamesAsync(scope.AccountId, all, cancellationToken);
        return all.Select(e => new HistoryRecord(e.Operation, e.At, e.UserId, e.AppActorId,
            names.GetValueOrDefault(e.AppActorId == ConsoleActor.AppActorId ? e.UserId : e.AppActorId), e.ChangesJson)).ToList();
    }

    /// <summary>Console users by <c>u-…</c> id (their e-mail) and the account's apps by actor id (their name); read only when the history has such actors.</summary>
    private async Task<Dictionary<string, string>> NamesAsync(string accountId, List<HistoryEntry> entries, CancellationToken cancellationToken)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        if (entries.Exists(e => e.AppActorId == ConsoleActor.AppActorId))
        {
            foreach (var user in await consoleUsers.ListUsersAsync(cancellationToken))
            {
                names[user.Id] = user.Email;
            }
        }
        if (entries.Exists(e => e.AppActorId != ConsoleActor.AppActorId))
        {
            // Only apps of the contact's own account can have changed it.
            foreach (var app in await tenancy.ListAppsAsync(accountId, cancellationToken))
            {
                names[app.ActorId] = app.Name;
            }
        }
        return names;
    }
}
