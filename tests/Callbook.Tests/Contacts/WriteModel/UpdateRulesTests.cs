using Callbook.Contacts;
using Callbook.Contacts.WriteModel;
using Callbook.Stores;
using static Callbook.Tests.Contacts.WriteModel.Rows;

namespace Callbook.Tests.Contacts.WriteModel;

/// <summary>
/// <see cref="ContactWrites.Update"/>: not found → stale version → inactive → number held by
/// another → done, and a batch applies as if its records ran one at a time.
/// </summary>
public sealed class UpdateRulesTests
{
    private const string A = "+911111111111";
    private const string B = "+912222222222";
    private const string C = "+913333333333";

    private static readonly Dictionary<string, string> NoHolders = [];

    [Fact]
    public void AnUnknownIdIsNotFoundAndWritesNothing()
    {
        var plan = ContactWrites.Update([new("c-missing", Fields(A))], Held(), NoHolders, Actor, Now);
        Assert.Equal(WriteOutcome.NotFound, plan.Results[0].Outcome);
        Assert.Empty(plan.Steps);
    }

    [Fact]
    public void AStaleVersionIsRefusedBeforeTheStatusIsLookedAt()
    {
        var inactive = Contact("c-1", A, ContactStatus.Inactive, version: 3);
        var plan = ContactWrites.Update([new("c-1", Fields(A), ExpectedVersion: 2)], Held(inactive), NoHolders, Actor, Now);
        Assert.Equal(WriteOutcome.PreconditionFailed, plan.Results[0].Outcome);
        Assert.Same(inactive, plan.Results[0].Contact);
        Assert.Empty(plan.Steps);
    }

    [Fact]
    public void AnInactiveContactIsNotFoundEvenWithTheRightVersion()
    {
        var plan = ContactWrites.Update([new("c-1", Fields(B), ExpectedVersion: 3)], Held(Contact("c-1", A, ContactStatus.Inactive, 3)), NoHolders, Actor, Now);
        Assert.Equal(WriteOutcome.NotFound, plan.Results[0].Outcome);
        Assert.Empty(plan.Steps);
    }

    [Fact]
    public void ANumberHeldByAnotherContactIsRefusedWithTheHoldersId()
    {
        var plan = ContactWrites.Update([new("c-1", Fields(B))], Held(Contact("c-1", A)), Holding(B, "c-other"), Actor, Now);
        Assert.Equal(new ContactWriteResult(WriteOutcome.PhoneInUse, null, "c-other"), plan.Results[0]);
        Assert.Empty(plan.Steps);
    }

    [Fact]
    public void KeepingOnesOwnNumberIsNoConflict()
    {
        var plan = ContactWrites.Update([new("c-1", Fields(A, "Doe"))], Held(Contact("c-1", A)), Holding(A, "c-1"), Actor, Now);
        Assert.Equal(WriteOutcome.Done, plan.Results[0].Outcome);
        Assert.True(Assert.Single(plan.Steps).KeepsNumber);
    }

    [Fact]
    public void ADoneUpdateBumpsTheVersionStampsTimeAndActorAndRecordsTheDiff()
    {
        var before = Contact("c-1", A, version: 4);
        var plan = ContactWrites.Update([new("c-1", Fields(A, "Doe"), ExpectedVersion: 4)], Held(before), NoHolders, Actor, Now);
        var after = plan.Results[0].Contact!;
        Assert.Equal(before with { Fields = Fields(A, "Doe"), Version = 5, UpdatedAt = Now, UpdatedBy = "u-editor", UpdatedByAId = "a-editor" }, after);
        var step = Assert.Single(plan.Steps);
        Assert.Equal((before, after, HistoryOperations.Updated), (step.Before, step.After, step.Operation));
        Assert.Equal(ContactChanges.Diff(before.Fields, after.Fields), step.Changes);
        Assert.Equal(Callbook.Webhooks.WebhookEventTypes.ContactUpdated, step.Event);
        Assert.Equal(after, plan.FinalStates["c-1"]);
        Assert.False(plan.MustApplyInOrder);
    }

    [Fact]
    public void ARepeatedIdMeetsItsNewVersion()
    {
        var plan = ContactWrites.Update(
            [new("c-1", Fields(A, "First"), ExpectedVersion: 1), new("c-1", Fields(A, "Stale"), ExpectedVersion: 1), new("c-1", Fields(A, "Second"), ExpectedVersion: 2)],
            Held(Contact("c-1", A)), NoHolders, Actor, Now);
        Assert.Equal([WriteOutcome.Done, WriteOutcome.PreconditionFailed, WriteOutcome.Done], plan.Results.Select(r => r.Outcome));
        Assert.Equal(2, plan.Results[1].Contact!.Version);
        Assert.Equal([2L, 3L], plan.Steps.Select(s => s.After.Version));
        Assert.Equal("First", plan.Steps[1].Before.Fields.LastName);
        Assert.Equal("Second", plan.FinalStates["c-1"].Fields.LastName);
    }

    [Fact]
    public void TwoRecordsClaimingTheSameFreeNumberTheFirstWins()
    {
        var plan = ContactWrites.Update([new("c-1", Fields(C)), new("c-2", Fields(C))], Held(Contact("c-1", A), Contact("c-2", B)), NoHolders, Actor, Now);
        Assert.Equal(WriteOutcome.Done, plan.Results[0].Outcome);
        Assert.Equal(new ContactWriteResult(WriteOutcome.PhoneInUse, null, "c-1"), plan.Results[1]);
        Assert.False(plan.MustApplyInOrder);
    }

    [Fact]
    public void ANumberFreedByAnEarlierRecordCanBeTakenAndMustBeWrittenInOrder()
    {
        var plan = ContactWrites.Update([new("c-1", Fields(C)), new("c-2", Fields(A))], Held(Contact("c-1", A), Contact("c-2", B)), NoHolders, Actor, Now);
        Assert.All(plan.Results, r => Assert.Equal(WriteOutcome.Done, r.Outcome));
        Assert.True(plan.MustApplyInOrder);
        Assert.Equal(["c-1", "c-2"], plan.Steps.Select(s => s.After.Id));
    }

    [Fact]
    public void ASwapInOneBatchFailsItsFirstRecordAsOneAtATimeWould()
    {
        // c-1 wants B while c-2 still holds it; then c-2 cannot take A, which c-1 kept.
        var plan = ContactWrites.Update([new("c-1", Fields(B)), new("c-2", Fields(A))], Held(Contact("c-1", A), Contact("c-2", B)), NoHolders, Actor, Now);
        Assert.Equal(new ContactWriteResult(WriteOutcome.PhoneInUse, null, "c-2"), plan.Results[0]);
        Assert.Equal(new ContactWriteResult(WriteOutcome.PhoneInUse, null, "c-1"), plan.Results[1]);
        Assert.Empty(plan.Steps);
    }

    [Fact]
    public void AHolderOutsideTheBatchLosesItsClaimOnlyWhenItIsATargetThatMoves()
    {
        // The store's holder list says c-2 holds B; c-2 is also held and moves to C first.
        var plan = ContactWrites.Update([new("c-2", Fields(C)), new("c-1", Fields(B))], Held(Contact("c-1", A), Contact("c-2", B)), Holding(B, "c-2"), Actor, Now);
        Assert.All(plan.Results, r => Assert.Equal(WriteOutcome.Done, r.Outcome));
        Assert.True(plan.MustApplyInOrder);
    }

    [Fact]
    public void AnInactiveTargetHoldsNoNumber()
    {
        var plan = ContactWrites.Update([new("c-1", Fields(B))], Held(Contact("c-1", A), Contact("c-2", B, ContactStatus.Inactive)), NoHolders, Actor, Now);
        Assert.Equal(WriteOutcome.Done, plan.Results[0].Outcome);
    }

    [Fact]
    public void AFailedRecordDoesNotBlockTheNext()
    {
        var plan = ContactWrites.Update([new("c-missing", Fields(C)), new("c-1", Fields(B)), new("c-2", Fields(C))],
            Held(Contact("c-1", A), Contact("c-2", B)), NoHolders, Actor, Now);
        Assert.Equal([WriteOutcome.NotFound, WriteOutcome.PhoneInUse, WriteOutcome.Done], plan.Results.Select(r => r.Outcome));
    }
}
