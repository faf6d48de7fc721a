using Callbook.Stores;
using Callbook.Tenancy;

namespace Callbook.Contacts.WriteModel;

/// <summary>
/// The contract's rules for new contacts (create, import), decided without a database. Within one
/// request (or one import) the first active record wanting a number claims it and a later one
/// repeating it loses; an inactive record claims nothing, since only active contacts hold numbers.
/// A claim fails when another active contact of the stream holds the number: the store tries its
/// claims (the unique index of active numbers refuses the taken ones) and hands the holders of the
/// refused numbers to <see cref="Conflicts"/>. A create is all or none; an import reports each
/// failed row (<see cref="ImportReport.PhoneInUse"/>).
/// </summary>
public static class ContactInserts
{
    /// <summary>
    /// For each record, the index of the earlier record that claims the same number, or null when
    /// the record claims its number first (or, being inactive, claims none).
    /// </summary>
    /// <param name="statuses">Each record's status; null when every record is active (create).</param>
    public static int?[] Repeats(IReadOnlyList<string> phones, IReadOnlyList<ContactStatus>? statuses = null)
    {
        var repeats = new int?[phones.Count];
        var first = new Dictionary<string, int>(phones.Count, StringComparer.Ordinal);
        for (var i = 0; i < phones.Count; i++)
        {
            if (statuses is not null && statuses[i] == ContactStatus.Inactive)
            {
                continue;
            }
            if (first.TryGetValue(phones[i], out var earlier))
            {
                repeats[i] = earlier;
            }
            else
            {
                first[phones[i]] = i;
            }
        }
        return repeats;
    }

    /// <summary>
    /// The records of a create that cannot have their number, in index order: each repeat names the
    /// earlier record, each claim refused for a number in <paramref name="refused"/> names its
    /// holder (null when the store could not tell who). Empty when the create can go ahead.
    /// </summary>
    /// <param name="repeats">From <see cref="Repeats"/>.</param>
    /// <param name="refused">The numbers a claim of this request did not get, phone → the active contact holding it.</param>
    public static IReadOnlyList<PhoneConflict> Conflicts(IReadOnlyList<string> phones, int?[] repeats, IReadOnlyDictionary<string, string?> refused)
    {
        var conflicts = new List<PhoneConflict>();
        for (var i = 0; i < phones.Count; i++)
        {
            if (repeats[i] is { } earlier)
            {
                conflicts.Add(new PhoneConflict(i, null, earlier));
            }
            else if (refused.TryGetValue(phones[i], out var holder))
            {
                conflicts.Add(new PhoneConflict(i, holder, null));
            }
        }
        return conflicts;
    }

    /// <summary>A new contact as its insert stores it: version 1, created and updated at <paramref name="now"/> (whole milliseconds) by <paramref name="actor"/>, never updated by anyone.</summary>
    public static Contact New(string id, StreamScope scope, Actor actor, ContactFields fields, DateTimeOffset now, ContactStatus status = ContactStatus.Active) =>
        new(id, scope.StreamId, scope.AccountId, scope.OrgId, fields, status, actor.UserId, actor.AppActorId, now, now, null, null);
}
