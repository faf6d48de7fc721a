using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Callbook.Bench.Perf;

/// <summary>#4: does a page of 100 by cursor cost the same deep in a big stream as at its start?</summary>
public static class ListDepthBench
{
    public static async Task RunAsync(PerfOptions o, ServerProcess server, Report report)
    {
        var depth = o.ListDepth;
        using var api = new Api(server.Url, o, o.ImportStream, 1);
        var shallow = api.Contacts + "?limit=100";
        // The cursor of the page ending at `depth` (an offset page, fetched once and not timed).
        var before = await api.SendAsync(HttpMethod.Get, $"{api.Contacts}?limit=100&skip={(depth - 100).ToString(CultureInfo.InvariantCulture)}", null, HttpStatusCode.OK);
        string cursor;
        using (var page = JsonDocument.Parse(before))
        {
            cursor = page.RootElement.GetProperty("nextCursor").GetString()!;
        }
        var deep = $"{api.Contacts}?limit=100&cursor={Uri.EscapeDataString(cursor)}";

        var pages = o.Quick ? 5 : 25;
        var (shallowMs, deepMs) = (new List<double>(), new List<double>());
        for (var i = 0; i < pages + 2; i++)
        {
            var s = await TimeAsync(api, shallow);
            var d = await TimeAsync(api, deep);
            if (i >= 2)
            {
                shallowMs.Add(s);
                deepMs.Add(d);
            }
        }
        var (shallowMedian, deepMedian) = (shallowMs.Order().ElementAt(pages / 2), deepMs.Order().ElementAt(pages / 2));
        var ratio = deepMedian / shallowMedian;
        report.Add(new Row("4", $"list 100/page by cursor at depth {depth:N0} (median of {pages})", $"{PerfOptions.F(deepMedian, "F1")} ms/page",
            $"depth 0: {PerfOptions.F(shallowMedian, "F1")} ms/page", PerfOptions.F(ratio, "F2") + "×", "≤ 1.5×", ratio <= 1.5));
    }

    private static async Task<double> TimeAsync(Api api, string path)
    {
        var clock = Stopwatch.StartNew();
        await api.SendAsync(HttpMethod.Get, path, null, HttpStatusCode.OK);
        return clock.Elapsed.TotalMilliseconds;
    }
}
