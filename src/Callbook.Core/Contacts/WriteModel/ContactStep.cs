using Callbook.Stores;
using Callbook.Webhooks;

namespace Callbook.Contacts.WriteModel;

/// <summary>
/// One applied record of a write: the contact as it was held before the record and as the record
/// leaves it. The store writes <see cref="After"/> (its version is <c>Before.Version + 1</c>), one
/// history row (<see cref="Operation"/>, <see cref="Changes"/>) and the webhook event of that row.
/// </summary>
/// <param name="Operation">A <see cref="HistoryOperations"/> name.</param>
/// <param name="Changes">The history row's changes, as JSON (<see cref="ContactChanges"/>).</param>
public sealed record ContactStep(Contact Before, Contact After, string Operation, string Changes)
{
    /// <summary>The webhook event the step queues, for the version <see cref="After"/> reached.</summary>
    public WebhookEventTypes Event => WebhookEvents.FromOperation(Operation);

    /// <summary>True when the step leaves the cell phone number as it was (a store may then skip the number's index).</summary>
    public bool KeepsNumber => string.Equals(Before.Fields.CellPhone.PhoneNumber, After.Fields.CellPhone.PhoneNumber, StringComparison.Ordinal);
}
