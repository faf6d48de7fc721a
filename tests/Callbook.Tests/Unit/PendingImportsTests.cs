using Callbook.WebConsole;

namespace Callbook.Tests.Unit;

/// <summary>An erasure discards the stream's pending console uploads on this node: "import the good rows" cannot bring the person back.</summary>
public sealed class PendingImportsTests
{
    [Fact]
    public void DiscardingAStreamDeletesItsUploadsAndKeepsOtherStreams()
    {
        using var pending = new PendingImports(TimeProvider.System);
        var (mine, other) = (Upload("Hieronyma,Vandersloot"), Upload("Keeper,Ofrecords"));
        var mineId = pending.Add("u-1", "st-erased", mine, "a.csv");
        var otherId = pending.Add("u-1", "st-other", other, "b.csv");

        pending.DiscardStream("st-erased");

        Assert.False(File.Exists(mine));
        Assert.Null(pending.Take(mineId, "u-1", "st-erased"));
        Assert.Equal((other, "b.csv"), pending.Take(otherId, "u-1", "st-other"));
        File.Delete(other);
    }

    private static string Upload(string row)
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, "firstName,lastName\n" + row + "\n");
        return path;
    }
}
