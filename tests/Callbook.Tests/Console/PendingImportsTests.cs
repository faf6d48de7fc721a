using Callbook.WebConsole;

namespace Callbook.Tests.Console;

/// <summary>An erasure discards the stream's pending console uploads on this node: "import the good rows" cannot bring the person back.</summary>
public sealed class PendingImportsTests
{
    [Fact]
    public void DiscardingAStreamDeletesItsUploadsAndKeepsOtherStreams()
    {
        using var pending = new PendingImports(TimeProvider.System);
        var (mine, mineReport) = (Upload("Hieronyma,Vandersloot"), Upload("Hieronyma,Vandersloot,error"));
        var (other, otherReport) = (Upload("Keeper,Ofrecords"), Upload("Keeper,Ofrecords,error"));
        var mineIds = pending.Add("u-1", "st-erased", mine, mineReport, "a.csv");
        var otherIds = pending.Add("u-1", "st-other", other, otherReport, "b.csv");

        pending.DiscardStream("st-erased");

        // The kept upload and the error report both hold the person: both are gone.
        Assert.False(File.Exists(mine));
        Assert.False(File.Exists(mineReport));
        Assert.Null(pending.Take(mineIds.UploadId!, "u-1", "st-erased"));
        Assert.Null(pending.FindReport(mineIds.ReportId, "u-1", "st-erased"));
        Assert.Equal(otherReport, pending.FindReport(otherIds.ReportId, "u-1", "st-other"));
        Assert.Equal((other, "b.csv"), pending.Take(otherIds.UploadId!, "u-1", "st-other"));
        File.Delete(other);
        File.Delete(otherReport);
    }

    private static string Upload(string row)
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, "firstName,lastName\n" + row + "\n");
        return path;
    }
}
