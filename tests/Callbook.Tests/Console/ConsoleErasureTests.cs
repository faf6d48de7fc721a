using Microsoft.Playwright;

namespace Callbook.Tests.Console;

/// <summary>Erasing from the console: a typed confirmation, then the contact is gone from every page.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConsoleErasureTests(ConsoleFixture console)
{
    [Fact]
    public async Task EraseAsksForTheTypedWordThenRemovesTheContact()
    {
        ConsoleFixture.SkipUnlessAvailable();
        await console.CreateViaApiAsync(("Erasmus", "Forgotten", "2447770099"));
        var page = await console.SignInAsync("ann@example.com");
        await page.GotoAsync($"/console/streams/{console.StreamId}/contacts?q=erasmus");
        await page.Locator("#results").GetByText("Erasmus Forgotten").ClickAsync();

        var confirm = page.GetByLabel("Type ERASE to confirm");
        await confirm.FillAsync("erase");
        await page.GetByRole(AriaRole.Button, new() { Name = "Erase", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Type ERASE in the box to confirm. Nothing was erased.");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Erasmus Forgotten");

        await page.GetByLabel("Type ERASE to confirm").FillAsync("ERASE");
        await page.GetByRole(AriaRole.Button, new() { Name = "Erase", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("was erased");
        await page.GotoAsync($"/console/streams/{console.StreamId}/contacts?q=erasmus");
        await Assertions.Expect(page.Locator("#results .empty")).ToContainTextAsync("No contact matches");
        Assert.DoesNotContain("2447770099", await page.ContentAsync(), StringComparison.Ordinal);
    }
}
