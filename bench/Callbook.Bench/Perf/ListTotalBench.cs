using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Callbook.Hosting;

namespace Callbook.Bench.Perf;

/// <summary>
/// #9: what does a page of 100 with its exact total (<c>totalResults</c>) cost on the stream the
/// import filled (1,000,000 contacts, or twice that after the .xlsx import of a full run): at offset
/// 0, 10,000 and 40,000, and by cursor at depth 900,000? One request at a time, every page in turn
/// per round, median of each; measured against the fixed endpoint of the same server in the same
/// rounds (the HTTP floor) and the issue's 5 ms. Every answer must carry the exact total, which the
/// database itself counts once beforehand. Offsets of 1,000 and more seek from position marks; the
/// last figure is the deepest offset right after a write to the stream (one contact created, not
/// timed), which makes the marks stale: the cost of a page on a stream written between every read.
/// </summary>
public static class ListTotalBench
{
    private const double TargetMs = 5;

    public static async Task RunAsync(PerfOptions o, ServerProcess server, RawStore raw, Report report)
    {
        var n = o.ImportRows;
        using var api = new Api(server.Url, o, o.ImportStream, 1);
        var pages = new List<(string Label, string Path)>();
        foreach (var offset in new[] { 0, 10_000, 40_000 }.Select(offset => Math.Min(offset, n - 100)).Distinct())
        {
            pages.Add(($"offset {offset:N0}", $"{api.Contacts}?limit=100&skip={offset.ToString(CultureInfo.InvariantCulture)}"));
        }
        var depth = o.ListDepth;
        var before = await api.SendAsync(HttpMethod.Get, $"{api.Contacts}?limit=100&skip={(depth - 100).ToString(CultureInfo.InvariantCulture)}", null, HttpStatusCode.OK);
        using (var page = JsonDocument.Parse(before))
        {
            pages.Add(($"cursor at depth {depth:N0}", $"{api.Contacts}?limit=100&cursor={Uri.EscapeDataString(page.RootElement.GetProperty("nextCursor").GetString()!)}"));
        }
        // The stream holds the import's rows (and, in a full run, the .xlsx import's too): every page must say how many, exactly.
        var stream = await raw.CountActiveAsync(o.ImportStream);
        foreach (var (label, path) in pages)
        {
            using var answer = JsonDocument.Parse(await api.SendAsync(HttpMethod.Get, path, null, HttpStatusCode.OK));
            var (total, results) = (answer.RootElement.GetProperty("totalResults").GetInt64(), answer.RootElement.GetProperty("results").GetArrayLength());
            if (total != stream || results != 100)
            {
                throw new InvalidOperationException($"the page at {label} answered {results} contacts of {total}, not 100 of {stream}");
            }
        }

        var deepest = pages.Count - 2; // the deepest offset (the cursor page comes last)
        var written = new ContactData(5_000_000_000);
        var rounds = o.Quick ? 5 : 25;
        var times = pages.Select(_ => new List<double>()).ToArray();
        var fixedTimes = new List<double>();
        var afterWrite = new List<double>();
        for (var round = 0; round < rounds + 2; round++)
        {
            var fixedMs = await TimeAsync(api, BenchEndpoint.Path);
            var pageMs = new double[pages.Count];
            for (var p = 0; p < pages.Count; p++)
            {
                pageMs[p] = await TimeAsync(api, pages[p].Path);
            }
            if (round >= 2) // the first two rounds warm the connection and the statements
            {
                fixedTimes.Add(fixedMs);
                for (var p = 0; p < pages.Count; p++)
                {
                    times[p].Add(pageMs[p]);
                }
            }
        }
        // Then rounds of a write followed by the deepest page: a stream written between every read.
        for (var round = 0; round < rounds; round++)
        {
            await api.SendJsonAsync(HttpMethod.Post, api.Contacts, written.CreateBody(round, 1), HttpStatusCode.Created);
            afterWrite.Add(await TimeAsync(api, pages[deepest].Path));
        }
        var fixedMedian = Median(fixedTimes);
        for (var p = 0; p < pages.Count; p++)
        {
            var median = Median(times[p]);
            report.Add(new Row("9", $"list 100 with exact total, {pages[p].Label}, stream of {stream:N0} (median of {rounds})", $"{PerfOptions.F(median, "F2")} ms/page",
                $"fixed endpoint: {PerfOptions.F(fixedMedian, "F2")} ms", PerfOptions.F(median / fixedMedian, "F1") + "×", $"≤ {PerfOptions.F(TargetMs)} ms", median <= TargetMs));
        }
        var stale = Median(afterWrite);
        report.Add(new Row("9", $"list 100 with exact total, {pages[deepest].Label} just after a write (marks stale) (median of {rounds})", $"{PerfOptions.F(stale, "F2")} ms/page",
            $"fixed endpoint: {PerfOptions.F(fixedMedian, "F2")} ms", PerfOptions.F(stale / fixedMedian, "F1") + "×", "≈ the walk without marks", null));
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static async Task<double> TimeAsync(Api api, string path)
    {
        var clock = Stopwatch.StartNew();
        await api.SendAsync(HttpMethod.Get, path, null, HttpStatusCode.OK);
        return clock.Elapsed.TotalMilliseconds;
    }
}
