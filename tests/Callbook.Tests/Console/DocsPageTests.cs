using Microsoft.Playwright;

namespace Callbook.Tests.Console;

/// <summary>The browsable API reference at /docs, rendered by Scalar from /openapi/v1.json, with no request leaving the server.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class DocsPageTests(ConsoleFixture console)
{
    [Fact]
    public async Task TheReferenceShowsTheContactOperationsAndLoadsNothingFromElsewhere()
    {
        ConsoleFixture.SkipUnlessAvailable();
        var page = await console.NewPageAsync();
        var requested = new List<string>();
        page.Request += (_, request) => requested.Add(request.Url);

        await page.GotoAsync("/docs");

        // Scalar renders the document in the browser: slow on a loaded machine.
        await Assertions.Expect(page.GetByText("Create contacts (atomic)").First).ToBeVisibleAsync(new() { Timeout = 120_000 });
        foreach (var operation in (string[])["Get one contact, in any status", "Update up to 1000 contacts, each record on its own", "Soft-delete up to 1000 contacts, each id on its own"])
        {
            await Assertions.Expect(page.GetByText(operation).First).ToBeAttachedAsync();
        }
        await ConsoleFixture.ScreenshotAsync(page, "20-api-reference");
        Assert.Contains(requested, url => url.EndsWith("/openapi/v1.json", StringComparison.Ordinal));
        Assert.All(requested, url => Assert.True(url.StartsWith(console.BaseUrl, StringComparison.Ordinal) || url.StartsWith("data:", StringComparison.Ordinal) || url.StartsWith("blob:", StringComparison.Ordinal), url));
    }

    [Fact]
    public async Task TheConsoleLinksToTheReference()
    {
        ConsoleFixture.SkipUnlessAvailable();
        var page = await console.NewPageAsync();
        await page.GotoAsync("/console/signin");

        await page.GetByRole(AriaRole.Link, new() { Name = "API reference" }).ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/docs/?$"));
    }
}
