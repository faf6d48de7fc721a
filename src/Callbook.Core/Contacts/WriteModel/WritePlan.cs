using Callbook.Stores;

namespace Callbook.Contacts.WriteModel;

/// <summary>
/// What a write decided, record by record in input order, before anything is written: the result
/// each record gets and the steps the store applies (each with its history row and webhook event).
/// Made by <see cref="ContactWrites"/> from the rows the store holds; the store only applies it.
/// </summary>
public sealed class WritePlan
{
    internal WritePlan(IReadOnlyList<ContactWriteResult> results, IReadOnlyList<ContactStep> steps)
    {
        Results = results;
        Steps = steps;
        var last = new Dictionary<string, Contact>(StringComparer.Ordinal);
        var heldBefore = new Dictionary<string, string>(StringComparer.Ordinal);
        var counts = default(ContactCounts);
        foreach (var step in steps)
        {
            counts = counts.Plus(ContactCounts.Moved(step.Before.Status, step.After.Status));
            if (!last.ContainsKey(step.Before.Id) && step.Before.Status == ContactStatus.Active)
            {
                heldBefore[step.Before.Fields.CellPhone.PhoneNumber] = step.Before.Id;
            }
            last[step.After.Id] = step.After;
        }
        FinalStates = last;
        Counts = counts;
        // Only a contact of the batch can have let go of a number another one ends on: an untouched holder refuses it.
        MustApplyInOrder = last.Values.Any(final => final.Status == ContactStatus.Active
            && heldBefore.TryGetValue(final.Fields.CellPhone.PhoneNumber, out var before) && before != final.Id);
    }

    /// <summary>One result per record, in input order.</summary>
    public IReadOnlyList<ContactWriteResult> Results { get; }

    /// <summary>Every applied record, in input order (a contact named twice has two steps).</summary>
    public IReadOnlyList<ContactStep> Steps { get; }

    /// <summary>The last state of each changed contact, in the order the contacts first changed.</summary>
    public IReadOnlyDictionary<string, Contact> FinalStates { get; }

    /// <summary>How the steps change the stream's contacts per status (deletes and restores move one each).</summary>
    public ContactCounts Counts { get; }

    /// <summary>
    /// True when a contact ends on a number another contact of the batch held before it: writing
    /// every final state in one statement could then trip the unique index midway (PostgreSQL checks
    /// it row by row), so the <see cref="Steps"/> must be written one after another.
    /// </summary>
    public bool MustApplyInOrder { get; }
}
