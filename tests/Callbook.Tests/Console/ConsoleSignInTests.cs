using Microsoft.Playwright;

namespace Callbook.Tests.Console;

/// <summary>Sign-in, lock-out and what a user without a grant sees, in headless Chromium.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConsoleSignInTests(ConsoleFixture console)
{
    [Fact]
    public async Task SignInLeadsToTheGrantedStreams()
    {
        ConsoleFixture.SkipUnlessAvailable();
        var page = await console.NewPageAsync();
        await page.GotoAsync("/console");
        Assert.Contains("/console/signin", page.Url, StringComparison.Ordinal);
        await ConsoleFixture.ScreenshotAsync(page, "01-sign-in");

        page = await console.SignInAsync("Ann@Example.com");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { NameRegex = new("Tenant A") })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText(console.OtherStreamId)).ToHaveCountAsync(0);
        await ConsoleFixture.ScreenshotAsync(page, "02-streams");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/console/signin"));
        await page.GotoAsync("/console");
        Assert.Contains("/console/signin", page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWrongPasswordIsRefused()
    {
        ConsoleFixture.SkipUnlessAvailable();
        var page = await console.NewPageAsync();
        await page.GotoAsync("/console/signin");
        await page.GetByLabel("Email").FillAsync("ann@example.com");
        await page.GetByLabel("Password").FillAsync("not the password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Assertions.Expect(page.Locator("#signin-error")).ToContainTextAsync("email or password is wrong");
        Assert.Contains("/console/signin", page.Url, StringComparison.Ordinal);
        await ConsoleFixture.ScreenshotAsync(page, "03-sign-in-wrong-password");
    }

    [Fact]
    public async Task FiveFailuresLockTheUserEvenAgainstTheRightPassword()
    {
        ConsoleFixture.SkipUnlessAvailable();
        var page = await console.NewPageAsync();
        await page.GotoAsync("/console/signin");
        for (var i = 0; i < 5; i++)
        {
            await page.GetByLabel("Email").FillAsync("carol@example.com");
            await page.GetByLabel("Password").FillAsync("wrong " + i);
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await Assertions.Expect(page.Locator("#signin-error")).ToBeVisibleAsync();
        }
        await page.GetByLabel("Email").FillAsync("carol@example.com");
        await page.GetByLabel("Password").FillAsync(ConsoleFixture.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Assertions.Expect(page.Locator("#signin-error")).ToContainTextAsync("locked for 15 minutes");
    }

    [Fact]
    public async Task AUserWithoutAGrantCannotSeeTheStream()
    {
        ConsoleFixture.SkipUnlessAvailable();
        await console.CreateViaApiAsync(("Hidden", "Person", "2445000099"));
        var page = await console.SignInAsync("bob@example.com");
        await Assertions.Expect(page.GetByText(console.OtherStreamId)).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText(console.StreamId)).ToHaveCountAsync(0);

        await page.GotoAsync($"/console/streams/{console.StreamId}/contacts?q=Hidden");
        Assert.DoesNotContain("/contacts", page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("does not exist or you have no access");
        await Assertions.Expect(page.GetByText("Hidden Person")).ToHaveCountAsync(0);

        // The export and the results fragment are refused the same way.
        var export = await page.APIRequest.GetAsync($"/console/streams/{console.StreamId}/contacts?handler=Export", new() { MaxRedirects = 0 });
        Assert.Equal(302, export.Status);
        await ConsoleFixture.ScreenshotAsync(page, "09-no-access");
    }
}
