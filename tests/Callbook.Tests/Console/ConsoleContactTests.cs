using Microsoft.Playwright;

namespace Callbook.Tests.Console;

/// <summary>Finding, creating and changing contacts in headless Chromium, through the same stores as the API.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConsoleContactTests(ConsoleFixture console)
{
    private string List => $"/console/streams/{console.StreamId}/contacts";

    [Fact]
    public async Task SearchAsYouTypeFindsByNamePrefixAndByAFormattedPhoneNumber()
    {
        ConsoleFixture.SkipUnlessAvailable();
        await console.CreateViaApiAsync(("Zelda", "Quill", "2447770001"), ("Zeno", "Quartz", "2447770002"), ("Amir", "Zeller", "2447770003"));
        var page = await console.SignInAsync("ann@example.com");
        await page.GotoAsync(List);

        await page.GetByLabel("Search by name or phone number").PressSequentiallyAsync("zel", new() { Delay = 30 });
        var rows = page.Locator("#results tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("#results")).ToContainTextAsync("Zelda Quill");
        await Assertions.Expect(page.Locator("#results")).ToContainTextAsync("Amir Zeller");
        Assert.Contains("q=zel", page.Url, StringComparison.Ordinal);
        await ConsoleFixture.ScreenshotAsync(page, "04-search-by-name");

        await page.GetByLabel("Search by name or phone number").FillAsync("+91 (244) 777-0002");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First).ToContainTextAsync("Zeno Quartz");

        await page.GetByLabel("Search by name or phone number").FillAsync("nobody-like-this");
        await Assertions.Expect(page.Locator("#results .empty")).ToContainTextAsync("No contact matches");
    }

    [Fact]
    public async Task TheSearchFormWorksWithoutJavaScript()
    {
        ConsoleFixture.SkipUnlessAvailable();
        await console.CreateViaApiAsync(("Nojs", "Walker", "2447770010"));
        var page = await console.SignInAsync("ann@example.com");
        await page.Context.RouteAsync("**/*.js", route => route.AbortAsync());
        await page.GotoAsync(List);
        await page.GetByLabel("Search by name or phone number").FillAsync("nojs");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("q=nojs"));
        await Assertions.Expect(page.Locator("#results tbody tr")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task CreateEditDeleteAndRestoreAContactWithItsHistory()
    {
        ConsoleFixture.SkipUnlessAvailable();
        var page = await console.SignInAsync("ann@example.com");
        await page.GotoAsync(List);
        await page.GetByRole(AriaRole.Link, new() { Name = "New contact" }).ClickAsync();

        // The API's rules, reported on the inputs.
        await page.GetByLabel("Salutation").FillAsync("dr");
        await page.GetByLabel("First name").FillAsync("Elodie");
        await page.GetByLabel("Last name").FillAsync("Martin");
        await page.GetByLabel("Country code").FillAsync("+91");
        await page.GetByLabel("Phone number").FillAsync("24-45x");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create contact" }).ClickAsync();
        await Assertions.Expect(page.Locator("#Form_PhoneNumber-error")).ToContainTextAsync("must not contain letters");
        await ConsoleFixture.ScreenshotAsync(page, "05-create-errors");

        await page.GetByLabel("Phone number").FillAsync("2445612399");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create contact" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Created Elodie Martin");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Elodie Martin");

        await page.GetByLabel("Last name").FillAsync("Dupont");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Saved.");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Elodie Dupont");
        var history = page.Locator("ol.history > li");
        await Assertions.Expect(history).ToHaveCountAsync(2);
        await Assertions.Expect(history.First).ToContainTextAsync("updated");
        await Assertions.Expect(history.First).ToContainTextAsync("Martin");
        await Assertions.Expect(history.First).ToContainTextAsync("by ann@example.com (u-");
        await Assertions.Expect(history.First).ToContainTextAsync("in the console");
        await ConsoleFixture.ScreenshotAsync(page, "06-contact-detail");

        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Deleted.");
        await Assertions.Expect(page.Locator("h1 .status")).ToHaveTextAsync("Deleted");

        await page.GetByRole(AriaRole.Button, new() { Name = "Restore" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Restored.");
        await Assertions.Expect(page.Locator("h1 .status")).ToHaveTextAsync("Active");
        await Assertions.Expect(history).ToHaveCountAsync(4);
        // Dates are shown in the browser's time zone (Asia/Kolkata here), not as UTC.
        await Assertions.Expect(page.Locator("ol.history time").First).Not.ToContainTextAsync("UTC");
    }

    [Fact]
    public async Task ThePhoneSizedPageStaysUsable()
    {
        ConsoleFixture.SkipUnlessAvailable();
        await console.CreateViaApiAsync(("Mobile", "Reader", "2447770020"));
        var page = await console.SignInAsync("ann@example.com", 390, 844);
        await page.GotoAsync(List + "?q=mobile");
        await Assertions.Expect(page.Locator("#results")).ToContainTextAsync("Mobile Reader");
        var width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(width <= 390, $"the page scrolls sideways: {width}px wide");
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.Locator(".skip")).ToBeFocusedAsync();
        await ConsoleFixture.ScreenshotAsync(page, "10-contacts-390px");
    }
}
