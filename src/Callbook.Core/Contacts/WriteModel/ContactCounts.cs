using Callbook.Stores;

namespace Callbook.Contacts.WriteModel;

/// <summary>
/// How many contacts of one stream are in each status, or by how much a write changes those
/// numbers. The write model derives every write's change (<see cref="WritePlan.Counts"/>,
/// <see cref="Inserted"/>, <see cref="Erased"/>); a store adds it to the stream's counters in the
/// transaction of the write, as its last statement, so a list reads its exact total
/// (<c>totalResults</c>) without counting the stream. An erased contact is in neither status: a
/// list never shows it.
/// </summary>
/// <param name="Active">Contacts with status ACTIVE (or the change to that number).</param>
/// <param name="Inactive">Contacts with status INACTIVE (or the change to that number).</param>
public readonly record struct ContactCounts(long Active, long Inactive)
{
    /// <summary>True for a change that changes nothing (a refused or status-keeping write).</summary>
    public bool IsNone => Active == 0 && Inactive == 0;

    /// <summary>One contact in <paramref name="status"/>.</summary>
    public static ContactCounts One(ContactStatus status) => status == ContactStatus.Active ? new(1, 0) : new(0, 1);

    /// <summary>A contact leaving <paramref name="from"/> for <paramref name="to"/>: nothing when the status stays.</summary>
    public static ContactCounts Moved(ContactStatus from, ContactStatus to) => from == to ? default : One(to).Minus(One(from));

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
    public static ContactCounts Erased(Contact contact) => default(ContactCounts).Minus(One(contact.Status));

    public ContactCounts Plus(ContactCounts other) => new(Active + other.Active, Inactive + other.Inactive);

    public ContactCounts Minus(ContactCounts other) => new(Active - other.Active, Inactive - other.Inactive);

    /// <summary>The contacts a list with this status filter holds: one status, or both.</summary>
    public long Of(StatusFilter status) => status switch
    {
        StatusFilter.Active => Active,
        StatusFilter.Inactive => Inactive,
        _ => Active + Inactive,
    };
}
