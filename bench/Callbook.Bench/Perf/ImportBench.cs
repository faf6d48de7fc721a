using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace Callbook.Bench.Perf;

/// <summary>
/// #2 and #6 loaded: how fast is a CSV import (?summary=true) against the raw insert of its rows, and how
/// much memory does it take? Then the same rows as an .xlsx workbook (numbers of <see cref="ContactData.Workbook"/>):
/// its speed against the CSV import of the same run, and the server's peak memory while it streams.
/// </summary>
public static class ImportBench
{
    public static async Task RunAsync(PerfOptions o, ServerProcess server, RawStore raw, Report report)
    {
        var n = o.ImportRows;
        var rawTime = await raw.TimeInsertAsync("st-raw-import", ContactData.Imported, n);

        var csv = ContactData.Imported.WriteCsv(o.Work, n);
        using var api = new Api(server.Url, o, o.ImportStream, 1);
        var (elapsed, peak) = await UploadAsync(server, api, csv, "contacts.csv", n);
        var after = server.Memory().Rss;
        rawTime = (rawTime + await raw.TimeInsertAsync("st-raw-import", ContactData.Imported, n)) / 2;

        // Targets: 0.5× (issue 6), on PostgreSQL 0.7× of its binary COPY (issue 13).
        report.AddRatio("2", $"CSV import of {n:N0} rows (?summary=true)", "rows/s", n / elapsed.TotalSeconds, n / rawTime.TotalSeconds, "raw insert", o.Store == "postgres" ? 0.7 : 0.5,
            $" ({PerfOptions.F(elapsed.TotalSeconds, "F1")} s)");
        report.Add(new Row("6", "server RSS during and after #2", $"peak {PerfOptions.F(peak)} MB, after {PerfOptions.F(after)} MB", "—", "—", "≤ 400 MB", peak <= 400));
        await XlsxAsync(o, server, api, n / elapsed.TotalSeconds, report);
    }

    private static async Task XlsxAsync(PerfOptions o, ServerProcess server, Api api, double csvRate, Report report)
    {
        var n = o.ImportRows;
        var path = XlsxFile.Write(ContactData.Workbook, o.Work, n);
        var megabytes = new FileInfo(path).Length / 1048576.0;
        var (elapsed, peak) = await UploadAsync(server, api, path, "contacts.xlsx", n);
        var rate = n / elapsed.TotalSeconds;
        report.Add(new Row("2x", $".xlsx import of {n:N0} rows ({PerfOptions.F(megabytes, "F0")} MB, shared strings; ?summary=true)",
            $"{PerfOptions.F(rate)} rows/s ({PerfOptions.F(elapsed.TotalSeconds, "F1")} s)", $"CSV import: {PerfOptions.F(csvRate)} rows/s",
            $"{PerfOptions.F(rate / csvRate, "F2")}×", "—", null));
        report.Add(new Row("6x", "server RSS during the .xlsx import", $"peak {PerfOptions.F(peak)} MB", "—", "—", "≤ 400 MB", peak <= 400));
    }

    /// <summary>Imports one file (?summary=true) and checks every row was created: the time it took and the server's peak RSS (MB) meanwhile. Deletes the file.</summary>
    public static async Task<(TimeSpan Elapsed, double PeakMegabytes)> UploadAsync(ServerProcess server, Api api, string path, string fileName, int rows)
    {
        TimeSpan elapsed;
        double peak;
        int imported;
        await using (var file = File.OpenRead(path))
        {
            using var form = new MultipartFormDataContent { { new StreamContent(file, 1 << 16), "result_file", fileName } };
            var clock = Stopwatch.StartNew();
            var upload = api.SendAsync(HttpMethod.Post, api.Contacts + "/import-contacts?summary=true", form, HttpStatusCode.Created);
            peak = await server.PeakRssWhileAsync(upload);
            elapsed = clock.Elapsed;
            using var summary = JsonDocument.Parse(await upload);
            imported = summary.RootElement.GetProperty("imported").GetInt32();
        }
        File.Delete(path);
        return imported == rows ? (elapsed, peak) : throw new InvalidOperationException($"the import of {fileName} created {imported} contacts, not {rows}");
    }
}
