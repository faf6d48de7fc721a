using Microsoft.Playwright;

namespace Callbook.Tests.Console;

/// <summary>Issue 12's table through the console: each file atomic, then with "import the good rows" ticked; the error report download.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConsoleSpreadsheetImportTests(ConsoleFixture console)
{
    public static TheoryData<string> Files => new("semicolon", "padded", "tab", "utf16", "quote", "linebreak");

    [Theory, MemberData(nameof(Files))]
    public async Task TheFilesSpreadsheetsSaveImportAsTheApiImportsThem(string kind)
    {
        ConsoleFixture.SkipUnlessAvailable();
        var page = await console.SignInAsync("ann@example.com");
        var start = 2450000000L + (Random.Shared.Next(0, 900_000) * 10L);
        foreach (var partial in new[] { false, true })
        {
            var prefix = $"k{kind[..3]}{(partial ? "p" : "a")}{start % 100000}";
            var bytes = kind switch
            {
                "semicolon" => SpreadsheetFiles.SemicolonWithBom(prefix, start),
                "padded" => SpreadsheetFiles.PaddedWithEmptyRows(prefix, start),
                "tab" => SpreadsheetFiles.TabSeparated(prefix, start),
                "utf16" => SpreadsheetFiles.Utf16WithoutBom(prefix, start),
                "quote" => SpreadsheetFiles.StrayQuote(prefix, start),
                _ => SpreadsheetFiles.LineBreakInQuotes(prefix, start),
            };
            start += 5;
            var file = Path.Combine(Path.GetTempPath(), $"console-{kind}-{Guid.NewGuid():N}.csv");
            await File.WriteAllBytesAsync(file, bytes, TestContext.Current.CancellationToken);
            await page.GotoAsync($"/console/streams/{console.StreamId}/import");
            await page.GetByLabel("CSV or Excel file").SetInputFilesAsync(file);
            if (partial)
            {
                await page.GetByLabel("Import the good rows even when some rows have problems").CheckAsync();
            }
            await page.GetByRole(AriaRole.Button, new() { Name = "Import", Exact = true }).ClickAsync();
            File.Delete(file);

            switch (kind)
            {
                case "semicolon" or "padded" or "tab":
                    await Assertions.Expect(page.Locator("#import-done")).ToContainTextAsync("Imported 2 of 2 rows");
                    break;
                case "utf16":
                    await Assertions.Expect(page.Locator("p.error")).ToContainTextAsync("UTF-16 (little-endian) without a byte order mark");
                    break;
                case "quote" when !partial:
                    await Assertions.Expect(page.Locator("#import-failed")).ToContainTextAsync("Nothing was imported: 1 of 4 rows");
                    await Assertions.Expect(page.Locator("#row-errors tbody tr td").First).ToHaveTextAsync("2");
                    break;
                case "quote":
                    await Assertions.Expect(page.Locator("#import-done")).ToContainTextAsync("Imported 3 of 4 rows");
                    break;
                case "linebreak":
                    await Assertions.Expect(page.Locator(partial ? "#import-done" : "#import-failed")).ToContainTextAsync(partial ? "Imported 2 of 3 rows" : "Nothing was imported: 1 of 3 rows");
                    var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#error-report").ClickAsync());
                    var report = (await File.ReadAllTextAsync(await download.PathAsync(), TestContext.Current.CancellationToken)).TrimStart('\uFEFF');
                    Assert.StartsWith("firstName,lastName,salutation,cellPhoneNumber,cellPhoneCountryCode,cellPhoneExtension,notes,error\r\n", report, StringComparison.Ordinal);
                    Assert.Contains($"{prefix}Bad,\"Not\r\nImported\",mr,", report, StringComparison.Ordinal);
                    Assert.DoesNotContain($"{prefix}Note", report, StringComparison.Ordinal); // only the failed row
                    var stored = (await console.GetViaApiAsync($"?q={prefix}Two")).GetProperty("results");
                    (string, string)[] expected = partial ? [($"{prefix}Two\r\nLines", "B\nLf")] : [];
                    Assert.Equal(expected, stored.EnumerateArray().Select(c => (c.Str("firstName"), c.Str("lastName"))));
                    break;
            }
        }
    }
}
