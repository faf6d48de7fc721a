using Callbook.Contacts;
using Callbook.Contacts.WriteModel;
using Callbook.Stores;
using Callbook.Webhooks;
using static Callbook.Tests.Contacts.WriteModel.Rows;

namespace Callbook.Tests.Contacts.WriteModel;

/// <summary><see cref="ContactWrites.Delete"/> and <see cref="ContactWrites.Restore"/>: the same decision order as updates.</summary>
public sealed class DeleteRestoreRulesTests
{
    private const string A = "+911111111111";

    [Fact]
    public void DeletingDeactivatesBumpsTheVersionAndRecordsTheStatusChange()
    {
        var before = Contact("c-1", A, version: 2);
        var plan = ContactWrites.Delete([new("c-1", 2)], Held(before), Actor, Now);
        var step = Assert.Single(plan.Steps);
        Assert.Equal(before with { Status = ContactStatus.Inactive, Version = 3, UpdatedAt = Now, UpdatedBy = "u-editor", UpdatedByAId = "a-editor" }, step.After);
        Assert.Equal((HistoryOperations.Deleted, ContactChanges.Status(ContactStatus.Active, ContactStatus.Inactive)), (step.Operation, step.Changes));
        Assert.Equal(WebhookEventTypes.ContactDeleted, step.Event);
        Assert.Equal(new ContactWriteResult(WriteOutcome.Done, step.After), plan.Results[0]);
    }

    [Fact]
    public void DeleteDecidesNotFoundThenStaleVersionThenAlreadyInactive()
    {
        var inactive = Contact("c-2", A, ContactStatus.Inactive, 5);
        var plan = ContactWrites.Delete([new("c-missing"), new("c-2", 4), new("c-2")], Held(inactive), Actor, Now);
        Assert.Equal(ContactWriteResult.NotFound, plan.Results[0]);
        Assert.Equal(new ContactWriteResult(WriteOutcome.PreconditionFailed, inactive), plan.Results[1]);
        Assert.Equal(new ContactWriteResult(WriteOutcome.Done, inactive), plan.Results[2]);
        Assert.Empty(plan.Steps);
    }

    [Fact]
    public void ARepeatedDeleteIsAppliedOnceAndTheRepeatSeesTheNewVersion()
    {
        var plan = ContactWrites.Delete([new("c-1", 1), new("c-1", 1), new("c-1")], Held(Contact("c-1", A)), Actor, Now);
        var after = Assert.Single(plan.Steps).After;
        Assert.Equal(new ContactWriteResult(WriteOutcome.Done, after), plan.Results[0]);
        Assert.Equal(new ContactWriteResult(WriteOutcome.PreconditionFailed, after), plan.Results[1]);
        Assert.Equal(new ContactWriteResult(WriteOutcome.Done, after), plan.Results[2]);
        Assert.False(plan.MustApplyInOrder);
    }

    [Fact]
    public void RestoreReactivatesAndRecordsTheStatusChange()
    {
        var before = Contact("c-1", A, ContactStatus.Inactive, 2);
        var plan = ContactWrites.Restore("c-1", 2, before, null, Actor, Now);
        var step = Assert.Single(plan.Steps);
        Assert.Equal(before with { Status = ContactStatus.Active, Version = 3, UpdatedAt = Now, UpdatedBy = "u-editor", UpdatedByAId = "a-editor" }, step.After);
        Assert.Equal((HistoryOperations.Restored, ContactChanges.Status(ContactStatus.Inactive, ContactStatus.Active)), (step.Operation, step.Changes));
        Assert.Equal(WebhookEventTypes.ContactRestored, step.Event);
    }

    [Fact]
    public void RestoreDecidesNotFoundThenStaleVersionThenAlreadyActiveThenNumberTaken()
    {
        var active = Contact("c-1", A, version: 2);
        var inactive = Contact("c-1", A, ContactStatus.Inactive, 2);
        Assert.Equal(ContactWriteResult.NotFound, ContactWrites.Restore("c-1", null, null, "c-other", Actor, Now).Results[0]);
        Assert.Equal(new ContactWriteResult(WriteOutcome.PreconditionFailed, inactive), ContactWrites.Restore("c-1", 1, inactive, "c-other", Actor, Now).Results[0]);
        Assert.Equal(new ContactWriteResult(WriteOutcome.Done, active), ContactWrites.Restore("c-1", 2, active, "c-1", Actor, Now).Results[0]);
        var taken = ContactWrites.Restore("c-1", 2, inactive, "c-other", Actor, Now);
        Assert.Equal(new ContactWriteResult(WriteOutcome.PhoneInUse, null, "c-other"), taken.Results[0]);
        Assert.Empty(taken.Steps);
    }
}
