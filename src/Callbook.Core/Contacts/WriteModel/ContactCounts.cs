using Callbook.Stores;

namespace Callbook.Contacts.WriteModel;

/// <summary>
/// How many contacts of one stream are in each status, or by how much a write changes those
/// numbers. The write model derives every write's change (<see cref="WritePlan.Counts"/>,
/// <see cref="Inserted"/>, <see cref="Erased"/>); a store adds it to the stream's counters in the
/// transaction of the write, as its last statement, so a list reads its exact total
/// (<c>totalResults</c>) without counting the stream. An erased contact is in neither status: a
/// list never shows it. A change also says how many contacts entered or left a status
/// (<see cref="Moves"/>): one contact deactivated and another activated in one batch leave the
/// numbers as they were but change which contacts each list holds, and the stream's change number
/// (beside its counters) must move then too, since lists remember positions by it.
/// </summary>
/// <param name="Active">Contacts with status ACTIVE (or the change to that number).</param>
/// <param name="Inactive">Contacts with status INACTIVE (or the change to that number).</param>
/// <param name="Moves">In a change: how many contacts were inserted, erased or changed status (0 in a count of contacts).</param>
public readonly record struct ContactCounts(long Active, long Inactive, long Moves = 0)
{
    /// <summary>True for a change that changes nothing (a refused or status-keeping write): no list gains or loses a contact.</summary>
    public bool IsNone => Active == 0 && Inactive == 0 && Moves == 0;

    /// <summary>One new contact in <paramref name="status"/>.</summary>
    public static ContactCounts One(ContactStatus status) => status == ContactStatus.Active ? new(1, 0, 1) : new(0, 1, 1);

    /// <summary>A contact leaving <paramref name="from"/> for <paramref name="to"/>: nothing when the status stays.</summary>
    public static ContactCounts Moved(ContactStatus from, ContactStatus to) =>
        from == to ? default : new(Of(to, ContactStatus.Active) - Of(from, ContactStatus.Active), Of(to, ContactStatus.Inactive) - Of(from, ContactStatus.Inactive), 1);

    /// <summary>New contacts (create, import), one per status given.</summary>
    public static ContactCounts Inserted(IEnumerable<ContactStatus> statuses)
    {
        var counts = default(ContactCounts);
        foreach (var status in statuses)
        {
            counts = counts.Plus(One(status));
        }
        return counts;
    }

    /// <summary>An erasure: the contact leaves its status for good.</summary>
    public static ContactCounts Erased(Contact contact) =>
        new(-Of(contact.Status, ContactStatus.Active), -Of(contact.Status, ContactStatus.Inactive), 1);

    /// <summary>Both changes (or a count and a change): numbers and moves add up.</summary>
    public ContactCounts Plus(ContactCounts other) => new(Active + other.Active, Inactive + other.Inactive, Moves + other.Moves);

    private static long Of(ContactStatus status, ContactStatus wanted) => status == wanted ? 1 : 0;

    /// <summary>The contacts a list with this status filter holds: one status, or both.</summary>
    public long Of(StatusFilter status) => status switch
    {
        StatusFilter.Active => Active,
        StatusFilter.Inactive => Inactive,
        _ => Active + Inactive,
    };
}
