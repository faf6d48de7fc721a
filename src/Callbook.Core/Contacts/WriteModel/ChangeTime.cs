namespace Callbook.Contacts.WriteModel;

/// <summary>
/// The time a change carries (<c>updatedAt</c>, its history entry, its webhook <c>occurredAt</c>).
/// It is read once the change holds its rows (after the row lock, or inside the single writer), and
/// it is never earlier than the time of any held row's last change: versions and times then agree
/// even when a change waited for a lock, or nodes' clocks differ by a few milliseconds.
/// </summary>
public static class ChangeTime
{
    /// <summary>Now in whole milliseconds, as stored, so a returned contact equals a re-read one (the time of a new contact).</summary>
    public static DateTimeOffset Now(TimeProvider clock) => DateTimeOffset.FromUnixTimeMilliseconds(clock.GetUtcNow().ToUnixTimeMilliseconds());

    /// <summary>Now in whole milliseconds, or the latest <see cref="Contact.UpdatedAt"/> of <paramref name="held"/> when that is later.</summary>
    public static DateTimeOffset After(TimeProvider clock, IEnumerable<Contact> held)
    {
        var now = Now(clock);
        foreach (var contact in held)
        {
            if (contact.UpdatedAt > now)
            {
                now = contact.UpdatedAt;
            }
        }
        return now;
    }
}
