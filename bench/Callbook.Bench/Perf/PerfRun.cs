using System.Net;

namespace Callbook.Bench.Perf;

/// <summary>
/// The issue-6 benchmark on one store: starts the server, runs workloads #1–#9 (#8, the app kinds, right after the lookup it reuses), each
/// paired with its limit measured in the same run, and prints the table rows to stdout
/// (progress to stderr). See bench/run.sh and docs/performance.md.
/// </summary>
public static class PerfRun
{
    public static async Task<int> RunAsync(PerfOptions o)
    {
        var report = new Report(o.Store);
        var log = Path.Combine(o.Work, $"server-{o.Store}.log");
        await using var raw = RawStore.Open(o.Db);
        if (o.LookupOnly)
        {
            await LookupOnlyAsync(o, log, report);
            report.Print(Console.Out);
            return 0;
        }
        if (o.ListOnly)
        {
            await ListOnlyAsync(o, log, raw, report);
            report.Print(Console.Out);
            return 0;
        }
        await using (var server = await ServerProcess.StartAsync(o, log))
        {
            await IdleAsync(o, server, report);
            await WarmUp.RunAsync(o, server);
            if (o.CreateOnly)
            {
                await using (await ServerTrace.StartAsync(o, server, "1-create"))
                {
                    await BulkCreateBench.RunAsync(o, server, raw, report);
                }
                report.Print(Console.Out);
                return 0;
            }
            if (o.ImportOnly)
            {
                await using (await ServerTrace.StartAsync(o, server, "2-import"))
                {
                    await ImportBench.RunAsync(o, server, raw, report);
                }
                report.Print(Console.Out);
                return 0;
            }
            List<string> created;
            await using (await ServerTrace.StartAsync(o, server, "1-create"))
            {
                created = await BulkCreateBench.RunAsync(o, server, raw, report);
            }
            await using (await ServerTrace.StartAsync(o, server, "2-import"))
            {
                await ImportBench.RunAsync(o, server, raw, report);
            }
            await using (await ServerTrace.StartAsync(o, server, "3-lookup"))
            {
                await LookupBench.RunAsync(o, server, report);
                await WrkLookupBench.RunAsync(o, server, report);
            }
            await using (await ServerTrace.StartAsync(o, server, "8-auth"))
            {
                await AuthBench.RunAsync(o, server, report);
            }
            await ListDepthBench.RunAsync(o, server, report);
            await ListTotalBench.RunAsync(o, server, raw, report);
            await using (await ServerTrace.StartAsync(o, server, "5-change"))
            {
                await BulkChangeBench.RunAsync(o, server, raw, created, report);
            }
        }
        await StartupAsync(o, log, report);
        report.Print(Console.Out);
        return 0;
    }

    /// <summary>--only lookup: #3 (HttpClient and wrk) on a stream filled by the CSV import (untimed), after the same warm-up.</summary>
    private static async Task LookupOnlyAsync(PerfOptions o, string log, Report report)
    {
        await using var server = await ServerProcess.StartAsync(o, log);
        await WarmUp.RunAsync(o, server);
        using (var api = new Api(server.Url, o, o.ImportStream, 1))
        {
            await ImportBench.UploadAsync(server, api, ContactData.Imported.WriteCsv(o.Work, o.ImportRows), "contacts.csv", o.ImportRows);
        }
        await using (await ServerTrace.StartAsync(o, server, "3-lookup"))
        {
            await LookupBench.RunAsync(o, server, report);
            await WrkLookupBench.RunAsync(o, server, report);
        }
    }

    /// <summary>
    /// --only list: #1 (what the contact counters cost a bulk create), the CSV import that fills the
    /// list's stream (untimed), then #4 and #9, the pages and their exact totals.
    /// </summary>
    private static async Task ListOnlyAsync(PerfOptions o, string log, RawStore raw, Report report)
    {
        await using var server = await ServerProcess.StartAsync(o, log);
        await WarmUp.RunAsync(o, server);
        await BulkCreateBench.RunAsync(o, server, raw, report);
        using (var api = new Api(server.Url, o, o.ImportStream, 1))
        {
            await ImportBench.UploadAsync(server, api, ContactData.Imported.WriteCsv(o.Work, o.ImportRows), "contacts.csv", o.ImportRows);
        }
        await ListDepthBench.RunAsync(o, server, report);
        await ListTotalBench.RunAsync(o, server, raw, report);
    }

    /// <summary>#6 idle: resident memory once started and warmed by a few requests, then left alone.</summary>
    private static async Task IdleAsync(PerfOptions o, ServerProcess server, Report report)
    {
        using var api = new Api(server.Url, o, o.Stream, 1);
        for (var i = 0; i < 50; i++)
        {
            await api.SendAsync(HttpMethod.Get, api.Contacts + "?limit=10", null, HttpStatusCode.OK);
        }
        await Task.Delay(TimeSpan.FromSeconds(o.Quick ? 1 : 3));
        var rss = server.Memory().Rss;
        report.Add(new Row("6", "idle server RSS (started, 50 requests, then idle)", $"{PerfOptions.F(rss)} MB", "—", "—", "≤ 120 MB", rss <= 120));
    }

    /// <summary>#7: `serve` on the database the run filled, to the first 200 of /readyz; median of three starts.</summary>
    private static async Task StartupAsync(PerfOptions o, string log, Report report)
    {
        var times = new List<double>();
        for (var i = 0; i < 3; i++)
        {
            await using var server = await ServerProcess.StartAsync(o, log);
            times.Add(server.Startup.TotalSeconds);
        }
        var median = times.Order().ElementAt(1);
        report.Add(new Row("7", "`serve` start to first /readyz 200, existing database (median of 3)", $"{PerfOptions.F(median, "F2")} s",
            $"all: {string.Join(", ", times.Select(t => PerfOptions.F(t, "F2")))} s", "—", "≤ 1.5 s", median <= 1.5));
    }
}
