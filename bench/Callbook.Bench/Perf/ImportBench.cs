using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace Callbook.Bench.Perf;

/// <summary>#2 and #6 loaded: how fast is a CSV import (?summary=true) against the raw insert of its rows, and how much memory does it take?</summary>
public static class ImportBench
{
    public static async Task RunAsync(PerfOptions o, ServerProcess server, RawStore raw, Report report)
    {
        var n = o.ImportRows;
        var rawTime = await raw.TimeInsertAsync("st-raw-import", ContactData.Imported, n);

        var csv = ContactData.Imported.WriteCsv(o.Work, n);
        using var api = new Api(server.Url, o, o.ImportStream, 1);
        await using var file = File.OpenRead(csv);
        using var form = new MultipartFormDataContent { { new StreamContent(file, 1 << 16), "result_file", "contacts.csv" } };
        var clock = Stopwatch.StartNew();
        var upload = api.SendAsync(HttpMethod.Post, api.Contacts + "/import-contacts?summary=true", form, HttpStatusCode.Created);
        var peak = await server.PeakRssWhileAsync(upload);
        var elapsed = clock.Elapsed;
        using var summary = JsonDocument.Parse(await upload);
        var imported = summary.RootElement.GetProperty("imported").GetInt32();
        if (imported != n)
        {
            throw new InvalidOperationException($"the import created {imported} contacts, not {n}");
        }
        File.Delete(csv);
        var after = server.Memory().Rss;
        rawTime = (rawTime + await raw.TimeInsertAsync("st-raw-import", ContactData.Imported, n)) / 2;

        report.AddRatio("2", $"CSV import of {n:N0} rows (?summary=true)", "rows/s", n / elapsed.TotalSeconds, n / rawTime.TotalSeconds, "raw insert", 0.5,
            $" ({PerfOptions.F(elapsed.TotalSeconds, "F1")} s)");
        report.Add(new Row("6", "server RSS during and after #2", $"peak {PerfOptions.F(peak)} MB, after {PerfOptions.F(after)} MB", "—", "—", "≤ 400 MB", peak <= 400));
    }
}
