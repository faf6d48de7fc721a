using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Callbook.Hosting;

namespace Callbook.Tests.Operations;

/// <summary>The demo tenant's secret goes to a person at a terminal, never into a server's log.</summary>
public sealed class DemoTenantTests
{
    [Theory]
    [InlineData("sqlite", false, false, true, DemoTenant.Decision.Create)]
    [InlineData("sqlite", false, false, false, DemoTenant.Decision.SkipNotATerminal)]
    [InlineData("sqlite", true, false, false, DemoTenant.Decision.Create)]
    [InlineData("sqlite", false, true, true, DemoTenant.Decision.SkipAsked)]
    [InlineData("postgres", false, false, true, DemoTenant.Decision.SkipServerDatabase)]
    [InlineData("postgres", false, false, false, DemoTenant.Decision.SkipServerDatabase)]
    [InlineData("postgres", true, false, false, DemoTenant.Decision.Create)]
    [InlineData("postgres", true, true, true, DemoTenant.Decision.SkipAsked)]
    public void OnlyATerminalOnSqliteOrDemoGetsTheDemoTenant(string kind, bool demo, bool noDemo, bool terminal, DemoTenant.Decision expected) =>
        Assert.Equal(expected, DemoTenant.Decide(kind, demo, noDemo, terminal));

    [Theory, BothBackends]
    public async Task ARedirectedOutputGetsNoDemoTenant(string backend)
    {
        var db = TestDatabases.Create(backend);
        await using (var server = await CallbookProcess.ServeAsync(db, CallbookProcess.FreePort()))
        {
            Assert.DoesNotContain("created a demo tenant", server.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("clientSecret", server.Output, StringComparison.Ordinal);
            if (backend == Backends.Sqlite)
            {
                Assert.Contains("No demo tenant: the output is not a terminal", server.Output, StringComparison.Ordinal);
            }
        }
        var streams = await CallbookProcess.RunAsync("streams", "list", "--db", db);
        Assert.Equal(0, streams.ExitCode);
        Assert.Equal("", streams.Stdout);
    }

    [Theory, BothBackends]
    public async Task ATerminalGetsTheDemoTenantOnSqliteOnlyAndItsSecretIsNotLogged(string backend)
    {
        Assert.SkipUnless(File.Exists("/usr/bin/script"), "/usr/bin/script (util-linux) is needed to give the server a pseudo-terminal.");
        var db = TestDatabases.Create(backend);
        var output = await ServeOnATerminalAsync(db);

        if (backend == Backends.Postgres)
        {
            Assert.DoesNotContain("created a demo tenant", output, StringComparison.Ordinal);
            return;
        }
        Assert.Contains("Callbook created a demo tenant", output, StringComparison.Ordinal);
        var secret = Regex.Match(output, @"clientSecret:\s+(\S+)").Groups[1].Value;
        Assert.Equal(64, secret.Length);
        var lines = output.Split('\n');
        Assert.Single(lines, l => l.Contains(secret, StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => (l.Contains(secret, StringComparison.Ordinal) || l.Contains("auth: eyJ", StringComparison.Ordinal)) && Regex.IsMatch(l, @"\b(info|warn)\b.*\["));
    }

    /// <summary>Runs serve under script(1), so its standard output is a pseudo-terminal, until it listens; returns what it wrote.</summary>
    private static async Task<string> ServeOnATerminalAsync(string db)
    {
        var port = CallbookProcess.FreePort();
        var serve = CallbookProcess.StartInfo(["serve", "--db", db, "--urls", $"http://127.0.0.1:{port}"]);
        string[] words = ["dotnet", .. serve.ArgumentList];
        var command = string.Join(' ', words.Select(a => "'" + a.Replace("'", "'\\''", StringComparison.Ordinal) + "'"));
        var info = new ProcessStartInfo("script") { RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false, WorkingDirectory = serve.WorkingDirectory };
        foreach (var arg in new[] { "-qfec", command, "/dev/null" })
        {
            info.ArgumentList.Add(arg);
        }
        foreach (var (name, value) in serve.Environment)
        {
            info.Environment[name] = value;
        }
        using var process = Process.Start(info)!;
        var output = new StringBuilder();
        var buffer = new char[4096];
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        try
        {
            while (!output.ToString().Contains("Now listening", StringComparison.Ordinal))
            {
                var read = await process.StandardOutput.ReadAsync(buffer, timeout.Token);
                if (read == 0)
                {
                    break;
                }
                output.Append(buffer, 0, read);
            }
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
        }
        // Colour codes of the console logger on a terminal.
        return Regex.Replace(output.ToString(), @"\x1b\[[0-9;?]*[a-zA-Z=>]|\x1b[=>]", "").Replace("\r", "", StringComparison.Ordinal);
    }
}
