using Callbook.Contacts;
using Callbook.Contacts.WriteModel;
using Callbook.Stores;
using static Callbook.Tests.Contacts.WriteModel.Rows;

namespace Callbook.Tests.Contacts.WriteModel;

/// <summary>
/// <see cref="ContactCounts"/>: how each write changes its stream's counts per status, the numbers a
/// store adds to the counters behind a list's total.
/// </summary>
public sealed class CountRulesTests
{
    private const string A = "+911111111111";
    private const string B = "+912222222222";

    [Fact]
    public void UpdatesMoveNothingRefusedRecordsMoveNothing()
    {
        var plan = ContactWrites.Update([new("c-1", Fields(B)), new("c-2", Fields(B)), new("c-missing", Fields(A))],
            Held(Contact("c-1", A), Contact("c-2", "+913333333333")), new Dictionary<string, string>(), Actor, Now);
        Assert.Single(plan.Steps);
        Assert.True(plan.Counts.IsNone);
    }

    [Fact]
    public void ADeleteMovesOneContactToInactiveOnceHoweverOftenItIsNamed()
    {
        var plan = ContactWrites.Delete([new("c-1"), new("c-1"), new("c-2"), new("c-3")],
            Held(Contact("c-1", A), Contact("c-2", B, ContactStatus.Inactive)), Actor, Now);
        Assert.Equal(new ContactCounts(-1, 1, 1), plan.Counts);
    }

    [Fact]
    public void ARestoreMovesItBackUnlessItIsActiveOrItsNumberIsTaken()
    {
        Assert.Equal(new ContactCounts(1, -1, 1), ContactWrites.Restore("c-1", null, Contact("c-1", A, ContactStatus.Inactive), null, Actor, Now).Counts);
        Assert.True(ContactWrites.Restore("c-1", null, Contact("c-1", A), null, Actor, Now).Counts.IsNone);
        Assert.True(ContactWrites.Restore("c-1", null, Contact("c-1", A, ContactStatus.Inactive), "c-2", Actor, Now).Counts.IsNone);
    }

    [Fact]
    public void InsertsCountEachKeptRowInItsStatusAndAnErasureTakesOneAway()
    {
        Assert.Equal(new ContactCounts(2, 1, 3), ContactCounts.Inserted([ContactStatus.Active, ContactStatus.Inactive, ContactStatus.Active]));
        Assert.Equal(new ContactCounts(0, -1, 1), ContactCounts.Erased(Contact("c-1", A, ContactStatus.Inactive)));
        Assert.Equal(new ContactCounts(-1, 0, 1), ContactCounts.Erased(Contact("c-1", A)));
    }

    [Fact]
    public void AListByStatusReadsOneStatusOrBoth()
    {
        var counts = new ContactCounts(7, 3);
        Assert.Equal((7, 3, 10), (counts.Of(StatusFilter.Active), counts.Of(StatusFilter.Inactive), counts.Of(StatusFilter.All)));
        Assert.Equal(new ContactCounts(8, 2, 1), counts.Plus(ContactCounts.Moved(ContactStatus.Inactive, ContactStatus.Active)));
        Assert.Equal(counts, counts.Plus(ContactCounts.Moved(ContactStatus.Active, ContactStatus.Active)));
    }

    [Fact]
    public void MovesThatCancelOutStillChangeTheLists()
    {
        // One contact leaves ACTIVE and another enters it: the numbers stay, the lists do not, so the
        // change is written (the stream's change number moves and lists forget their position marks).
        var change = ContactCounts.Moved(ContactStatus.Active, ContactStatus.Inactive).Plus(ContactCounts.Moved(ContactStatus.Inactive, ContactStatus.Active));
        Assert.Equal(new ContactCounts(0, 0, 2), change);
        Assert.False(change.IsNone);
    }
}
