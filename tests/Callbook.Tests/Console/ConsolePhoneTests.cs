using Microsoft.Playwright;

namespace Callbook.Tests.Console;

/// <summary>Numbers in the console: shown internationally with their type, typed as agents say them in the stream's country.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConsolePhoneTests(ConsoleFixture console)
{
    private string List => $"/console/streams/{console.StreamId}/contacts";

    [Fact]
    public async Task ANationalNumberIsFoundAndEnteredInTheStreamsDefaultCountry()
    {
        ConsoleFixture.SkipUnlessAvailable();
        await console.CreateViaApiAsync("+46", ("Sven", "Nilsson", "070-123 45 71"));
        var page = await console.SignInAsync("ann@example.com");
        var search = page.GetByLabel("Search by name or phone number");
        var rows = page.Locator("#results tbody tr");
        try
        {
            await page.GotoAsync(List);
            await search.FillAsync("070 123 45 71");
            await Assertions.Expect(page.Locator("#results")).ToContainTextAsync("with its country code");

            await console.SetDefaultCountryAsync("+46");
            await page.GotoAsync(List + "?q=" + Uri.EscapeDataString("070 123 45 71"));
            await Assertions.Expect(rows).ToHaveCountAsync(1);
            await Assertions.Expect(rows.First).ToContainTextAsync("Sven Nilsson");
            await Assertions.Expect(rows.First).ToContainTextAsync("+46 70 123 45 71");
            await Assertions.Expect(rows.First).ToContainTextAsync("mobile");

            // The form starts in the stream's country and reads the number as dialled there.
            await page.GetByRole(AriaRole.Link, new() { Name = "New contact" }).ClickAsync();
            await Assertions.Expect(page.GetByLabel("Country code")).ToHaveValueAsync("+46");
            await page.GetByLabel("Salutation").FillAsync("ms");
            await page.GetByLabel("First name").FillAsync("Greta");
            await page.GetByLabel("Last name").FillAsync("Berg");
            await page.GetByLabel("Phone number").FillAsync("070‑123 45 72");
            await page.GetByRole(AriaRole.Button, new() { Name = "Create contact" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Created Greta Berg");
            await Assertions.Expect(page.Locator("dd.phone")).ToContainTextAsync("+46 70 123 45 72");

            // The same line typed another way is the same line.
            await page.GotoAsync(List + "/new");
            await page.GetByLabel("Salutation").FillAsync("mr");
            await page.GetByLabel("First name").FillAsync("Olle");
            await page.GetByLabel("Last name").FillAsync("Berg");
            await page.GetByLabel("Phone number").FillAsync("+46 (0)70 123 45 72");
            await page.GetByRole(AriaRole.Button, new() { Name = "Create contact" }).ClickAsync();
            await Assertions.Expect(page.Locator("main")).ToContainTextAsync("belongs to another active contact");
            await ConsoleFixture.ScreenshotAsync(page, "12-national-number-in-default-country");
        }
        finally
        {
            await console.SetDefaultCountryAsync(null);
        }
    }
}
