using Callbook.Stores;
using Callbook.Tenancy;

namespace Callbook.Contacts.WriteModel;

/// <summary>
/// The contract's rules for changing existing contacts, decided without a database. A store locks
/// (or, on the single writer, reads) the contacts named by a write, takes the time with
/// <see cref="ChangeTime.After"/>, reads who holds the wanted numbers, calls one of these functions
/// and writes the plan's steps. Each record is decided in this order: not found, stale version
/// (precondition failed, whatever the status), wrong status, number held by another active contact,
/// done. Inside a batch the records apply one at a time, in input order: a record sees what the
/// earlier ones did (a repeated id meets its new version; a number freed earlier can be taken), and a
/// refused record changes nothing.
/// </summary>
public static class ContactWrites
{
    /// <summary>Replaces the input fields of active contacts (PUT, bulk PUT).</summary>
    /// <param name="held">The stream's contacts named by the updates, in any status, by id (absent: not found).</param>
    /// <param name="holders">The active holder of each wanted number, phone → contact id (holders outside <paramref name="held"/> suffice).</param>
    /// <param name="now">The change's time, taken once the rows are held.</param>
    public static WritePlan Update(IReadOnlyList<ContactUpdate> updates, IReadOnlyDictionary<string, Contact> held,
        IReadOnlyDictionary<string, string> holders, Actor actor, DateTimeOffset now)
    {
        var batch = new Batch(held, updates.Count);
        var holderByPhone = new Dictionary<string, string>(holders, StringComparer.Ordinal);
        foreach (var contact in held.Values.Where(c => c.Status == ContactStatus.Active))
        {
            holderByPhone[contact.Fields.CellPhone.PhoneNumber] = contact.Id;
        }
        for (var i = 0; i < updates.Count; i++)
        {
            var (id, fields, expected) = (updates[i].Id, updates[i].Fields, updates[i].ExpectedVersion);
            if (batch.Refuse(i, id, expected) is not { } current)
            {
                continue;
            }
            if (current.Status != ContactStatus.Active)
            {
                batch.Result(i, ContactWriteResult.NotFound);
                continue;
            }
            var phone = fields.CellPhone.PhoneNumber;
            if (holderByPhone.TryGetValue(phone, out var holder) && holder != id)
            {
                batch.Result(i, new ContactWriteResult(WriteOutcome.PhoneInUse, null, holder));
                continue;
            }
            holderByPhone.Remove(current.Fields.CellPhone.PhoneNumber);
            holderByPhone[phone] = id;
            batch.Apply(i, current, Changed(current, fields, ContactStatus.Active, actor, now),
                HistoryOperations.Updated, ContactChanges.Diff(current.Fields, fields));
        }
        return batch.Plan();
    }

    /// <summary>Soft-deletes (DELETE, bulk DELETE): an active contact becomes inactive and frees its number; an inactive one is returned unchanged.</summary>
    /// <param name="held">The stream's contacts named by the deletes, in any status, by id (absent: not found).</param>
    public static WritePlan Delete(IReadOnlyList<ContactDelete> deletes, IReadOnlyDictionary<string, Contact> held, Actor actor, DateTimeOffset now)
    {
        var batch = new Batch(held, deletes.Count);
        for (var i = 0; i < deletes.Count; i++)
        {
            if (batch.Refuse(i, deletes[i].Id, deletes[i].ExpectedVersion) is not { } current)
            {
                continue;
            }
            if (current.Status == ContactStatus.Inactive)
            {
                batch.Result(i, new ContactWriteResult(WriteOutcome.Done, current));
                continue;
            }
            batch.Apply(i, current, Changed(current, current.Fields, ContactStatus.Inactive, actor, now),
                HistoryOperations.Deleted, DeletedChanges);
        }
        return batch.Plan();
    }

    /// <summary>Makes an inactive contact active again; an active one is returned unchanged; PHONE_IN_USE when another active contact took its number meanwhile.</summary>
    /// <param name="held">The stream's contact, in any status; null when not found.</param>
    /// <param name="holderId">The active contact holding <paramref name="held"/>'s number now (the contact itself is ignored), or null.</param>
    public static WritePlan Restore(string id, long? expectedVersion, Contact? held, string? holderId, Actor actor, DateTimeOffset now)
    {
        var batch = new Batch(held is null ? new Dictionary<string, Contact>() : new Dictionary<string, Contact> { [id] = held }, 1);
        if (batch.Refuse(0, id, expectedVersion) is { } current)
        {
            if (current.Status == ContactStatus.Active)
            {
                batch.Result(0, new ContactWriteResult(WriteOutcome.Done, current));
            }
            else if (holderId is not null && holderId != id)
            {
                batch.Result(0, new ContactWriteResult(WriteOutcome.PhoneInUse, null, holderId));
            }
            else
            {
                batch.Apply(0, current, Changed(current, current.Fields, ContactStatus.Active, actor, now),
                    HistoryOperations.Restored, RestoredChanges);
            }
        }
        return batch.Plan();
    }

    private static readonly string DeletedChanges = ContactChanges.Status(ContactStatus.Active, ContactStatus.Inactive);

    private static readonly string RestoredChanges = ContactChanges.Status(ContactStatus.Inactive, ContactStatus.Active);

    /// <summary>The contact as a change leaves it: new fields and status, stamped with the change's time and actor, one version later.</summary>
    private static Contact Changed(Contact before, ContactFields fields, ContactStatus status, Actor actor, DateTimeOffset now) => before with
    {
        Fields = fields,
        Status = status,
        UpdatedAt = now,
        UpdatedBy = actor.UserId,
        UpdatedByAId = actor.AppActorId,
        Version = before.Version + 1,
    };

    /// <summary>The state of a batch as its records apply one at a time.</summary>
    private sealed class Batch(IReadOnlyDictionary<string, Contact> held, int count)
    {
        private readonly Dictionary<string, Contact> state = new(held, StringComparer.Ordinal);
        private readonly ContactWriteResult[] results = new ContactWriteResult[count];
        private readonly List<ContactStep> steps = new(count);

        /// <summary>The contact as the earlier records left it, or null once record <paramref name="index"/> is refused (not found, stale version).</summary>
        public Contact? Refuse(int index, string id, long? expectedVersion)
        {
            if (!state.TryGetValue(id, out var current))
            {
                results[index] = ContactWriteResult.NotFound;
                return null;
            }
            if (expectedVersion is { } expected && expected != current.Version)
            {
                results[index] = new ContactWriteResult(WriteOutcome.PreconditionFailed, current);
                return null;
            }
            return current;
        }

        public void Result(int index, ContactWriteResult result) => results[index] = result;

        public void Apply(int index, Contact before, Contact after, string operation, string changes)
        {
            state[after.Id] = after;
            steps.Add(new ContactStep(before, after, operation, changes));
            results[index] = new ContactWriteResult(WriteOutcome.Done, after);
        }

        public WritePlan Plan() => new(results, steps);
    }
}
