using System.Diagnostics;
using System.Text.Json;
using Callbook.Api.Auth;

namespace Callbook.Tests.Api;

/// <summary>
/// A TypeScript client generated from the served /openapi/v1.json (openapi-typescript types,
/// openapi-fetch calls) creates, imports, lists, looks up, bulk-updates and deletes contacts, after
/// Redocly's linter has passed the document with no error. The node project is tests/client.
/// </summary>
public sealed class GeneratedClientTests
{
    [Fact]
    public async Task AClientGeneratedFromTheServedDocumentDrivesTheWholeContactLifecycle()
    {
        var project = Path.Combine(RepoPaths.Root(), "tests", "client");
        Assert.SkipUnless(Directory.Exists(Path.Combine(project, "node_modules", "openapi-typescript")) && OnPath("npm"),
            "Node.js and `npm ci` in tests/client are needed for the generated-client test (the CI script installs both).");
        var db = TestDatabases.Create(Backends.Sqlite);
        var (code, stdout, stderr) = await CallbookProcess.RunAsync("init", "--db", db, "--json", "--name", "client");
        Assert.True(code == 0, stderr);
        var tenant = JsonDocument.Parse(stdout).RootElement;
        var port = CallbookProcess.FreePort();
        await using var server = await CallbookProcess.ServeAsync(db, port, "--no-demo");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        await File.WriteAllBytesAsync(Path.Combine(project, "openapi.json"),
            await http.GetByteArrayAsync("/openapi/v1.json", TestContext.Current.CancellationToken), TestContext.Current.CancellationToken);
        var environment = new Dictionary<string, string>
        {
            ["CALLBOOK_URL"] = $"http://127.0.0.1:{port}",
            ["CALLBOOK_ACCOUNT"] = tenant.Str("accountId"),
            ["CALLBOOK_STREAM"] = tenant.Str("streamId"),
            ["CALLBOOK_TOKEN"] = Tokens.Issue(tenant.Str("clientId"), tenant.Str("clientSecret"), TimeSpan.FromMinutes(10), DateTimeOffset.UtcNow),
        };

        foreach (var script in (string[])["lint", "generate", "typecheck", "test"])
        {
            var (exit, output) = await NpmAsync(project, script, environment);
            Assert.True(exit == 0, $"npm run {script} failed:\n{output}");
        }
    }

    private static async Task<(int ExitCode, string Output)> NpmAsync(string project, string script, IReadOnlyDictionary<string, string> environment)
    {
        var info = new ProcessStartInfo("npm", ["run", "--silent", script])
        {
            WorkingDirectory = project,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    private static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Any(dir => File.Exists(Path.Combine(dir, program)));
}
