using System.Net;
using System.Text;

namespace Callbook.Tests.Import;

/// <summary>Issue 12's table through the API: each file atomic and with ?partial=true.</summary>
public sealed class SpreadsheetImportTests
{
    [Theory, BothBackends]
    public async Task ASemicolonFileWithBomAndCrlfImports(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        var created = await Bodies.ReadAsync(await api.ImportFileAsync(SpreadsheetFiles.SemicolonWithBom("a", 2440000001)), HttpStatusCode.Created);
        Assert.Equal(["aZoë Ñúñez", "aAnn Lee, Jr"], created.EnumerateArray().Select(c => c.Str("fullName")));

        var partial = await Bodies.ReadAsync(await api.ImportFileAsync(SpreadsheetFiles.SemicolonWithBom("p", 2440000011), "?partial=true"), HttpStatusCode.Created);
        Assert.Equal((2, 2, 0), Counts(partial));
    }

    [Theory, BothBackends]
    public async Task RowsOfBareCommasAreSkippedLikeBlankLines(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        var created = await Bodies.ReadAsync(await api.ImportFileAsync(SpreadsheetFiles.PaddedWithEmptyRows("a", 2440000101)), HttpStatusCode.Created);
        Assert.Equal(2, created.GetArrayLength());

        var partial = await Bodies.ReadAsync(await api.ImportFileAsync(SpreadsheetFiles.PaddedWithEmptyRows("p", 2440000111), "?partial=true"), HttpStatusCode.Created);
        Assert.Equal((2, 2, 0), Counts(partial));
        Assert.Equal(4, await api.CountAsync());
    }

    [Theory, BothBackends]
    public async Task ATabSeparatedFileImportsAndUtf16WithoutBomIsExplained(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        Assert.Equal(2, (await Bodies.ReadAsync(await api.ImportFileAsync(SpreadsheetFiles.TabSeparated("a", 2440000201)), HttpStatusCode.Created)).GetArrayLength());
        Assert.Equal((2, 2, 0), Counts(await Bodies.ReadAsync(await api.ImportFileAsync(SpreadsheetFiles.TabSeparated("p", 2440000211), "?partial=true"), HttpStatusCode.Created)));

        foreach (var query in new[] { "", "?partial=true" })
        {
            var error = Assert.Single(await Bodies.ErrorsAsync(await api.ImportFileAsync(SpreadsheetFiles.Utf16WithoutBom("u", 2440000221), query), HttpStatusCode.BadRequest));
            Assert.Contains("UTF-16 (little-endian) without a byte order mark", error.Str("msg"), StringComparison.Ordinal);
            Assert.Contains("CSV UTF-8", error.Str("msg"), StringComparison.Ordinal);
            Assert.Contains("charset=utf-16le", error.Str("msg"), StringComparison.Ordinal);
        }
        var withCharset = await api.ImportFileAsync(SpreadsheetFiles.Utf16WithoutBom("c", 2440000231), "?charset=utf-16le");
        Assert.Equal("cSixteen", (await Bodies.ReadAsync(withCharset, HttpStatusCode.Created))[0].Str("firstName"));
        Assert.Equal(5, await api.CountAsync());
    }

    [Theory, BothBackends]
    public async Task AStrayQuoteIsAnErrorOfItsRowAndNeverSwallowsTheRowsAfterIt(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        var errors = await Bodies.ErrorsAsync(await api.ImportFileAsync(SpreadsheetFiles.StrayQuote("a", 2440000301)), HttpStatusCode.BadRequest);
        Assert.Equal(2, Assert.Single(errors).GetProperty("row").GetInt32());
        Assert.Equal("INVALID_CSV", errors[0].Str("code"));
        Assert.Equal(0, await api.CountAsync());

        var partial = await Bodies.ReadAsync(await api.ImportFileAsync(SpreadsheetFiles.StrayQuote("p", 2440000311), "?partial=true"), HttpStatusCode.Created);
        Assert.Equal((4, 3, 1), Counts(partial));
        Assert.Equal(["pQ1", "pQ3", "pQ4"], partial.GetProperty("contacts").EnumerateArray().Select(c => c.Str("firstName")));
        Assert.Equal("C, d", partial.GetProperty("contacts")[1].Str("lastName"));
    }

    [Theory, BothBackends]
    public async Task ALineBreakInsideQuotesIsStoredAsWrittenAndKeptExactlyInTheErrorReport(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        // Row 3 fails on its phone; atomic, nothing is stored.
        var errors = await Bodies.ErrorsAsync(await api.ImportFileAsync(SpreadsheetFiles.LineBreakInQuotes("a", 2440000401)), HttpStatusCode.BadRequest);
        Assert.Equal((3, "cellPhoneNumber"), (Assert.Single(errors).GetProperty("row").GetInt32(), errors[0].Str("field")));
        Assert.Equal(0, await api.CountAsync());

        var report = await api.ImportFileAsync(SpreadsheetFiles.LineBreakInQuotes("p", 2440000411), "?partial=true", accept: "text/csv");
        Assert.Equal(HttpStatusCode.Created, report.StatusCode);
        var csv = await report.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.StartsWith(SpreadsheetFiles.Header + ",notes,error\r\npBad,\"Not\r\nImported\",mr,2440000413x,'+91,'+,,cellPhoneNumber: ", csv.TrimStart('\uFEFF'), StringComparison.Ordinal);
        Assert.Equal(["pNote|A", "pTwo\r\nLines|B\nLf"], (await api.SnapshotAsync()).Select(c => string.Join('|', c.Split('|')[..2])));

        var summary = await Bodies.ReadAsync(await api.ImportFileAsync(SpreadsheetFiles.LineBreakInQuotes("s", 2440000421), "?partial=true"), HttpStatusCode.Created);
        Assert.Equal((3, 2, 1), Counts(summary));
        var stored = await Bodies.ReadAsync(await api.GetAsync("contacts/" + summary.GetProperty("contacts")[1].Str("id")), HttpStatusCode.OK);
        Assert.Equal(("sTwo\r\nLines", "B\nLf"), (stored.Str("firstName"), stored.Str("lastName")));
    }

    [Theory, BothBackends]
    public async Task InvalidUtf8IsARowErrorNamingTheRowAndACharsetIsHonoured(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        // "Zoë" in windows-1252 / iso-8859-1: 0xEB is not valid UTF-8.
        byte[] Latin1(string prefix, long start) =>
            [.. Encoding.ASCII.GetBytes(SpreadsheetFiles.Header + "\r\n" + $"{prefix}Ok,A,mr,{start},+91,+\r\n{prefix}Zo"), 0xEB, .. Encoding.ASCII.GetBytes($",B,mr,{start + 1},+91,+\r\n")];

        var error = Assert.Single(await Bodies.ErrorsAsync(await api.ImportFileAsync(Latin1("a", 2440000501)), HttpStatusCode.BadRequest));
        Assert.Equal(2, error.GetProperty("row").GetInt32());
        Assert.Contains("not valid UTF-8", error.Str("msg"), StringComparison.Ordinal);
        Assert.Contains("CSV UTF-8", error.Str("msg"), StringComparison.Ordinal);
        Assert.Equal(0, await api.CountAsync());

        Assert.Equal((2, 1, 1), Counts(await Bodies.ReadAsync(await api.ImportFileAsync(Latin1("p", 2440000511), "?partial=true"), HttpStatusCode.Created)));

        var fromPart = await Bodies.ReadAsync(await api.ImportFileAsync(Latin1("w", 2440000521), partType: "text/csv; charset=windows-1252"), HttpStatusCode.Created);
        Assert.Equal("wZoë", fromPart[1].Str("firstName"));
        var fromQuery = await Bodies.ReadAsync(await api.ImportFileAsync(Latin1("i", 2440000531), "?charset=iso-8859-15"), HttpStatusCode.Created);
        Assert.Equal("iZoë", fromQuery[1].Str("firstName"));
        Assert.Equal("charset", Assert.Single(await Bodies.ErrorsAsync(await api.ImportFileAsync(Latin1("q", 2440000541), "?charset=nope"), HttpStatusCode.BadRequest)).Str("field"));
        // A charset .NET knows but does not decode (UTF-7) is the same 400, in the query or on the part, never a 500.
        Assert.Equal("charset", Assert.Single(await Bodies.ErrorsAsync(await api.ImportFileAsync(Latin1("u", 2440000551), "?charset=utf-7"), HttpStatusCode.BadRequest)).Str("field"));
        Assert.Equal("charset", Assert.Single(await Bodies.ErrorsAsync(await api.ImportFileAsync(Latin1("v", 2440000561), partType: "text/csv; charset=UTF-7"), HttpStatusCode.BadRequest)).Str("field"));
        // A byte the named charset cannot decode fails its row instead of becoming a silent '?'.
        var ascii = Assert.Single(await Bodies.ErrorsAsync(await api.ImportFileAsync(Latin1("s", 2440000571), "?charset=us-ascii"), HttpStatusCode.BadRequest));
        Assert.Equal(2, ascii.GetProperty("row").GetInt32());
        Assert.Equal(5, await api.CountAsync());
    }

    private static (int Total, int Imported, int Failed) Counts(System.Text.Json.JsonElement summary) =>
        (summary.GetProperty("totalRows").GetInt32(), summary.GetProperty("imported").GetInt32(), summary.GetProperty("failed").GetInt32());
}
