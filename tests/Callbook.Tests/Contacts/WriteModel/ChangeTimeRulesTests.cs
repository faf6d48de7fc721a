using Callbook.Contacts.WriteModel;
using static Callbook.Tests.Contacts.WriteModel.Rows;

namespace Callbook.Tests.Contacts.WriteModel;

/// <summary><see cref="ChangeTime.After"/>: a change is never older than the held rows' last change, and is whole milliseconds.</summary>
public sealed class ChangeTimeRulesTests
{
    [Fact]
    public void TheClockIsTruncatedToMilliseconds()
    {
        var clock = new FixedClock(Now.AddTicks(9_999));
        Assert.Equal(Now, ChangeTime.After(clock, [Contact("c-1", "+911111111111")]));
    }

    [Fact]
    public void AHeldRowChangedLaterThanTheClockWins()
    {
        var ahead = Contact("c-2", "+912222222222") with { UpdatedAt = Now.AddMilliseconds(7) };
        Assert.Equal(Now.AddMilliseconds(7), ChangeTime.After(new FixedClock(Now), [Contact("c-1", "+911111111111"), ahead]));
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
