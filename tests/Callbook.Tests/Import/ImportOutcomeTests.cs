using System.Net;

namespace Callbook.Tests.Import;

/// <summary>Honest import answers (issue 18): statuses, the optional extension column, the error report.</summary>
public sealed class ImportOutcomeTests
{
    private const string Header = "firstName,lastName,salutation,cellPhoneNumber,cellPhoneCountryCode,cellPhoneExtension\n";

    [Theory, BothBackends]
    public async Task APartialImportThatCreatesNothingAnswers200WithItsSummary(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        var response = await api.ImportAsync(Header + "a,a,mr,bad,+1,+\nb,b,mr,alsobad,+1,+\n", "?partial=true");
        var summary = await Bodies.ReadAsync(response, HttpStatusCode.OK);
        Assert.Equal("""{"totalRows":2,"imported":0,"failed":2}""", $$"""{"totalRows":{{summary.GetProperty("totalRows")}},"imported":{{summary.GetProperty("imported")}},"failed":{{summary.GetProperty("failed")}}}""");
        Assert.Equal(2, summary.GetProperty("errors").GetArrayLength());

        Assert.Equal(HttpStatusCode.OK, (await api.ImportAsync(Header + "a,a,mr,bad,+1,+\n", "?partial=true&summary=true")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await api.ImportAsync(Header + "a,a,mr,7900001,+1,+\nb,b,mr,bad,+1,+\n", "?partial=true")).StatusCode);
    }

    [Theory, BothBackends]
    public async Task AMissingExtensionColumnMeansEveryExtensionIsPlus(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        var created = await Bodies.ReadAsync(await api.ImportAsync("firstName,lastName,salutation,cellPhoneNumber,cellPhoneCountryCode\na,b,mr,7900101,+1\nc,d,ms,7900102,+1\n"), HttpStatusCode.Created);
        Assert.Equal(["+", "+"], created.EnumerateArray().Select(c => c.GetProperty("cellPhone").Str("extension")));
    }

    [Theory, BothBackends]
    public async Task TheErrorReportHoldsTheFailedRowsCellsAndReasonsAndImportsOnceFixed(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        await api.CreateAsync("held", "number", "7900201", "+1");
        var file = "First Name;Last Name;Salutation;Cell Phone Number;Cell Phone Country Code;Notes\r\n" +
                   "Ann;Good;Ms;7900202;+1;keep\r\n" +
                   "Bob;Sci;Mr;9.19876E+11;+1;x\r\n" +
                   "Cy;Held;Mr;7900201;+1;\"a; b\"\r\n";

        var response = await api.ImportAsync(file, "?partial=true", accept: "text/csv");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(("3", "1", "2"), (Header1(response, "Callbook-Total-Rows"), Header1(response, "Callbook-Imported"), Header1(response, "Callbook-Failed")));
        var report = (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).TrimStart('\uFEFF');
        var lines = report.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("First Name;Last Name;Salutation;Cell Phone Number;Cell Phone Country Code;Notes;error", lines[0]);
        Assert.StartsWith("Bob;Sci;Mr;9.19876E+11;'+1;x;cellPhoneNumber: cellPhoneNumber '9.19876E+11' is in scientific notation", lines[1], StringComparison.Ordinal);
        // Phone cells are marked as text, as in the export, so a spreadsheet keeps their digits.
        Assert.StartsWith("Cy;Held;Mr;'7900201;'+1;\"a; b\";cellPhoneNumber: ", lines[2], StringComparison.Ordinal);
        Assert.Equal(3, lines.Length);

        var fixedReport = report.Replace("9.19876E+11", "7900203", StringComparison.Ordinal).Replace("Mr;'7900201", "Mr;'7900204", StringComparison.Ordinal);
        var again = await Bodies.ReadAsync(await api.ImportAsync(fixedReport), HttpStatusCode.Created);
        Assert.Equal(["Bob", "Cy"], again.EnumerateArray().Select(c => c.Str("firstName")));
        Assert.Equal(4, await api.CountAsync());

        var atomic = await api.ImportAsync(file.Replace("7900202", "7900205", StringComparison.Ordinal), "", accept: "text/csv");
        Assert.Equal(HttpStatusCode.BadRequest, atomic.StatusCode);
        Assert.Equal("application/json", atomic.Content.Headers.ContentType!.MediaType);
    }

    private static string Header1(HttpResponseMessage response, string name) => response.Headers.GetValues(name).Single();
}
