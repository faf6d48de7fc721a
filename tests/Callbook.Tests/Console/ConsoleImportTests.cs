using Microsoft.Playwright;

namespace Callbook.Tests.Console;

/// <summary>CSV import (atomic, then "import the good rows") and export, in headless Chromium.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConsoleImportTests(ConsoleFixture console)
{
    [Fact]
    public async Task ABadRowImportsNothingAndListsTheRowThenTheGoodRowsCanBeImported()
    {
        ConsoleFixture.SkipUnlessAvailable();
        var csv = Path.Combine(Path.GetTempPath(), $"console-import-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(csv,
            "firstName,lastName,salutation,cellPhoneNumber,cellPhoneCountryCode,cellPhoneExtension\n" +
            "Imra,Alpha,mr,2448880001,+91,+\n" +
            "Imra,Broken,mr,not-a-number,+91,+\n" +
            "Imra,Gamma,ms,2448880003,+91,+\n", TestContext.Current.CancellationToken);
        var page = await console.SignInAsync("ann@example.com");
        await page.GotoAsync($"/console/streams/{console.StreamId}/import");
        await ConsoleFixture.ScreenshotAsync(page, "07a-import");
        await page.GetByLabel("CSV or Excel file").SetInputFilesAsync(csv);
        await page.GetByRole(AriaRole.Button, new() { Name = "Import", Exact = true }).ClickAsync();

        await Assertions.Expect(page.Locator("#import-failed")).ToContainTextAsync("Nothing was imported");
        var errors = page.Locator("#row-errors tbody tr");
        await Assertions.Expect(errors).ToHaveCountAsync(1);
        await Assertions.Expect(errors.First.Locator("td").First).ToHaveTextAsync("2");
        await Assertions.Expect(errors.First).ToContainTextAsync("must not contain letters");
        await ConsoleFixture.ScreenshotAsync(page, "07-import-errors");
        Assert.Equal(0, await CountAsync(page, "imra"));

        await page.GotoAsync($"/console/streams/{console.StreamId}/import");
        await page.GetByLabel("CSV or Excel file").SetInputFilesAsync(csv);
        await page.GetByRole(AriaRole.Button, new() { Name = "Import", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Import the 2 good rows" }).ClickAsync();
        await Assertions.Expect(page.Locator("#import-done")).ToContainTextAsync("Imported 2 of 3 rows");
        await Assertions.Expect(page.Locator("#row-errors tbody tr")).ToHaveCountAsync(1);
        await ConsoleFixture.ScreenshotAsync(page, "08-import-good-rows");
        Assert.Equal(2, await CountAsync(page, "imra"));
    }

    [Fact]
    public async Task ExportDownloadsTheContactsAsCsv()
    {
        ConsoleFixture.SkipUnlessAvailable();
        await console.CreateViaApiAsync(("Exporta", "Ble", "2449990001"));
        var page = await console.SignInAsync("ann@example.com");
        await page.GotoAsync($"/console/streams/{console.StreamId}/contacts");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Export CSV" }).ClickAsync());
        var path = await download.PathAsync();
        var text = await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken);
        Assert.StartsWith("firstName,lastName,salutation,cellPhoneNumber,cellPhoneCountryCode,cellPhoneExtension", text, StringComparison.Ordinal);
        Assert.Contains("Exporta,Ble,ms,'+912449990001,'+91,'+", text, StringComparison.Ordinal);
        Assert.EndsWith(".csv", download.SuggestedFilename, StringComparison.Ordinal);
    }

    private static async Task<int> CountAsync(IPage page, string q)
    {
        var url = new Uri(page.Url);
        await page.GotoAsync(url.AbsolutePath.Replace("/import", "/contacts", StringComparison.Ordinal) + "?q=" + q);
        return await page.Locator("#results tbody tr").CountAsync();
    }
}
