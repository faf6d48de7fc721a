using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace Callbook.Tests.Infrastructure;

/// <summary>
/// The real executable on a real port with two tenants and three console users, and headless
/// Debian Chromium driven by Playwright (no browser download). Ann may see tenant A's account,
/// Bob only tenant B's, Carol is there to be locked out.
/// </summary>
public sealed class ConsoleFixture : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";
    public const string Password = "correct horse battery";

    private CallbookProcess? server;
    private IPlaywright? playwright;

    public IBrowser Browser { get; private set; } = null!;

    public string BaseUrl { get; private set; } = "";

    public string StreamId { get; private set; } = "";

    public string OtherStreamId { get; private set; } = "";

    public static bool Available => File.Exists(Chromium);

    private string AccountId { get; set; } = "";

    private string ClientId { get; set; } = "";

    private string Db { get; set; } = "";

    public async ValueTask InitializeAsync()
    {
        if (!Available)
        {
            return;
        }
        Db = TestDatabases.Create(Backends.Sqlite);
        var a = await InitTenantAsync("Tenant A");
        var b = await InitTenantAsync("Tenant B");
        (AccountId, StreamId, ClientId) = (a.GetProperty("accountId").GetString()!, a.GetProperty("streamId").GetString()!, a.GetProperty("clientId").GetString()!);
        OtherStreamId = b.GetProperty("streamId").GetString()!;
        await CliAsync("users", "create", "--email", "ann@example.com", "--password", Password);
        await CliAsync("users", "create", "--email", "bob@example.com", "--password", Password);
        await CliAsync("users", "create", "--email", "carol@example.com", "--password", Password);
        await CliAsync("users", "grant", "--email", "ann@example.com", "--account", AccountId);
        await CliAsync("users", "grant", "--email", "bob@example.com", "--account", b.GetProperty("accountId").GetString()!, "--stream", OtherStreamId);
        var port = CallbookProcess.FreePort();
        BaseUrl = $"http://127.0.0.1:{port}";
        server = await CallbookProcess.ServeAsync(Db, port, "--no-demo");
        playwright = await Playwright.CreateAsync();
        Assertions.SetDefaultExpectTimeout(30_000);
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
    }

    /// <summary>Skips the calling test, with the reason, when Chromium is not installed (CI installs it).</summary>
    public static void SkipUnlessAvailable() =>
        Assert.SkipUnless(Available, $"{Chromium} is not installed: `apt-get install -y chromium` (the CI script does) to run the browser tests.");

    /// <summary>A fresh browser context (own cookies) signed in as <paramref name="email"/>, on the stream picker.</summary>
    public async Task<IPage> SignInAsync(string email, int width = 1280, int height = 800)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            TimezoneId = "Asia/Kolkata",
            AcceptDownloads = true,
        });
        // Generous: the suite runs these beside the whole PostgreSQL suite on two cores.
        context.SetDefaultTimeout(60_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/console");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        // Polls the address only (no wait for the load event, which can be missed under load).
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/console$"), new() { Timeout = 60_000 });
        return page;
    }

    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl, ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
        context.SetDefaultTimeout(60_000);
        return await context.NewPageAsync();
    }

    /// <summary>Creates contacts through the public API (the console must show what the API made).</summary>
    public Task CreateViaApiAsync(params (string First, string Last, string Phone)[] contacts) => CreateViaApiAsync("+91", contacts);

    /// <summary>Creates contacts with the given country code through the public API.</summary>
    public async Task CreateViaApiAsync(string countryCode, params (string First, string Last, string Phone)[] contacts)
    {
        var (_, token, _) = await CallbookProcess.RunAsync("token", "--db", Db, "--client-id", ClientId);
        using var http = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/agentassist/api/v1/public/{StreamId}/contacts")
        {
            Content = JsonContent.Create(contacts.Select(c => new { firstName = c.First, lastName = c.Last, salutation = "ms", cellPhone = new { extension = "+", phoneNumber = c.Phone, countryCode } })),
        };
        request.Headers.Add("accountId", AccountId);
        request.Headers.Add("auth", token.Trim());
        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
    }

    /// <summary>GETs a path under the stream's contacts through the public API (the API must show what the console made).</summary>
    public async Task<JsonElement> GetViaApiAsync(string relative)
    {
        var (_, token, _) = await CallbookProcess.RunAsync("token", "--db", Db, "--client-id", ClientId);
        using var http = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/agentassist/api/v1/public/{StreamId}/contacts{relative}");
        request.Headers.Add("accountId", AccountId);
        request.Headers.Add("auth", token.Trim());
        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        return await Bodies.ReadAsync(response, System.Net.HttpStatusCode.OK);
    }

    /// <summary>Saves a screenshot under artifacts/screenshots/ (git-ignored; CI keeps them).</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var folder = Path.Combine(RepoPaths.Root(), "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true });
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        playwright?.Dispose();
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }

    private async Task<JsonElement> InitTenantAsync(string name)
    {
        var (code, stdout, stderr) = await CallbookProcess.RunAsync("init", "--db", Db, "--json", "--name", name);
        Assert.True(code == 0, stderr);
        return JsonDocument.Parse(stdout).RootElement.Clone();
    }

    /// <summary>Sets (or with null removes) tenant A's stream default country through the real executable.</summary>
    public Task SetDefaultCountryAsync(string? countryCode) =>
        CliAsync("streams", "update", "--stream", StreamId, "--default-country-code", countryCode ?? "none");

    private async Task CliAsync(params string[] args)
    {
        var (code, _, stderr) = await CallbookProcess.RunAsync([.. args, "--db", Db]);
        Assert.True(code == 0, string.Join(' ', args.Take(2)) + ": " + stderr);
    }
}

[CollectionDefinition(Name)]
public sealed class ConsoleCollection : ICollectionFixture<ConsoleFixture>
{
    public const string Name = "console";
}
