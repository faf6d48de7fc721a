using Callbook.Contacts;
using Callbook.Tenancy;

namespace Callbook.Storage.Postgres.Internal;

/// <summary>
/// Decides a bulk update's outcome record by record, in input order, as if each record were
/// applied on its own (the SQLite store's semantics), from the locked target rows and the current
/// holders of the wanted numbers. The writes then go to the database as one statement, or, when a
/// number moves from one target to another within the batch, in input order. Every applied record
/// bumps the version and adds one history row.
/// </summary>
internal sealed class UpdatePlan
{
    private UpdatePlan(ContactWriteResult[] results, List<Contact> steps, Dictionary<string, Contact> finalStates, HistoryRows history, bool ordered)
    {
        Results = results;
        Steps = steps;
        FinalStates = finalStates;
        History = history;
        MustApplyInOrder = ordered;
    }

    /// <summary>One result per record, in input order.</summary>
    public IReadOnlyList<ContactWriteResult> Results { get; }

    /// <summary>Every successful record's new state, in input order.</summary>
    public IReadOnlyList<Contact> Steps { get; }

    /// <summary>The last state of each changed contact.</summary>
    public IReadOnlyDictionary<string, Contact> FinalStates { get; }

    /// <summary>One "updated" row per step, in input order.</summary>
    public HistoryRows History { get; }

    /// <summary>
    /// True when some contact takes a number another contact of the batch held: one multi-row
    /// UPDATE could then trip the unique index midway (PostgreSQL checks it row by row), so
    /// the <see cref="Steps"/> must be applied one after another.
    /// </summary>
    public bool MustApplyInOrder { get; }

    /// <param name="targets">The contacts of the stream named by the updates, in any status, locked.</param>
    /// <param name="holders">The active holder of each wanted number (phone → id).</param>
    public static UpdatePlan Make(IReadOnlyList<ContactUpdate> updates, IReadOnlyDictionary<string, Contact> targets,
        IReadOnlyDictionary<string, string> holders, Actor actor, DateTimeOffset now)
    {
        var active = targets.Values.Where(t => t.Status == ContactStatus.Active).ToList();
        var holderByPhone = new Dictionary<string, string>(holders, StringComparer.Ordinal);
        foreach (var target in active)
        {
            holderByPhone[target.Fields.CellPhone.PhoneNumber] = target.Id;
        }
        var state = new Dictionary<string, Contact>(targets, StringComparer.Ordinal);
        var results = new ContactWriteResult[updates.Count];
        var steps = new List<Contact>(updates.Count);
        var finalStates = new Dictionary<string, Contact>(StringComparer.Ordinal);
        var history = new HistoryRows();
        for (var i = 0; i < updates.Count; i++)
        {
            var (id, fields, expected) = (updates[i].Id, updates[i].Fields, updates[i].ExpectedVersion);
            if (!state.TryGetValue(id, out var current))
            {
                results[i] = ContactWriteResult.NotFound;
                continue;
            }
            if (expected is { } version && version != current.Version)
            {
                results[i] = new ContactWriteResult(WriteOutcome.PreconditionFailed, current);
                continue;
            }
            if (current.Status != ContactStatus.Active)
            {
                results[i] = ContactWriteResult.NotFound;
                continue;
            }
            var phone = fields.CellPhone.PhoneNumber;
            if (holderByPhone.TryGetValue(phone, out var holder) && holder != id)
            {
                results[i] = new ContactWriteResult(WriteOutcome.PhoneInUse, null, holder);
                continue;
            }
            holderByPhone.Remove(current.Fields.CellPhone.PhoneNumber);
            holderByPhone[phone] = id;
            var updated = current with
            {
                Fields = fields,
                UpdatedAt = now,
                UpdatedBy = actor.UserId,
                UpdatedByAId = actor.AppActorId,
                Version = current.Version + 1,
            };
            history.Add(id, HistoryOperations.Updated, ContactChanges.Diff(current.Fields, fields), updated.Version);
            state[id] = updated;
            finalStates[id] = updated;
            steps.Add(updated);
            results[i] = new ContactWriteResult(WriteOutcome.Done, updated);
        }
        var heldBefore = active.ToDictionary(t => t.Fields.CellPhone.PhoneNumber, t => t.Id, StringComparer.Ordinal);
        var ordered = finalStates.Values.Any(changed =>
            heldBefore.TryGetValue(changed.Fields.CellPhone.PhoneNumber, out var before) && before != changed.Id);
        return new UpdatePlan(results, steps, finalStates, history, ordered);
    }
}
