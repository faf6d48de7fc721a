using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace Callbook.Tests.Operations;

/// <summary>The executable of contract section 7, run as a newcomer would run it.</summary>
public sealed class CommandLineTests
{
    [Fact]
    public async Task FirstServeOnAnEmptyDatabasePrintsACurlThatWorksWhenPasted()
    {
        var db = TestDatabases.Create(Backends.Sqlite);
        var port = CallbookProcess.FreePort();
        await using var server = await CallbookProcess.ServeAsync(db, port, "--demo");
        var banner = await WaitForAsync(server, "curl -s '");

        Assert.Matches(@"accountId:\s+[0-9a-f]{24}", banner);
        Assert.Matches(@"clientSecret:\s+\S{64}", banner);
        Assert.Contains($"The API reference: http://127.0.0.1:{port}/docs", banner, StringComparison.Ordinal);
        var lines = banner.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var start = lines.FindIndex(l => l.StartsWith("curl -s -X POST", StringComparison.Ordinal));
        var create = string.Join('\n', lines.Skip(start).Take(4));
        var list = lines.First(l => l.StartsWith("curl -s '", StringComparison.Ordinal));

        var created = await BashAsync(create + " -w '\\n%{http_code}'");
        Assert.EndsWith("201", created.Trim(), StringComparison.Ordinal);
        var listed = JsonDocument.Parse(await BashAsync(list)).RootElement;
        Assert.Equal(1, listed.GetProperty("totalResults").GetInt32());
        Assert.Equal("+912445612345", listed.GetProperty("results")[0].GetProperty("cellPhone").GetProperty("phoneNumber").GetString());
        // The log never shows the secret or the token.
        var secret = System.Text.RegularExpressions.Regex.Match(banner, @"clientSecret:\s+(\S+)").Groups[1].Value;
        var logLines = server.Output.Split('\n').Where(l => l.StartsWith("info:", StringComparison.Ordinal) || l.StartsWith("warn:", StringComparison.Ordinal));
        Assert.DoesNotContain(logLines, l => l.Contains(secret, StringComparison.Ordinal) || l.Contains("eyJ", StringComparison.Ordinal) || l.Contains("2445612345", StringComparison.Ordinal));
    }

    [Fact]
    public async Task NoDemoAndAnExistingDatabaseCreateNoDemo()
    {
        var db = TestDatabases.Create(Backends.Sqlite);
        var (code, stdout, _) = await CallbookProcess.RunAsync("init", "--json", "--db", db);
        Assert.Equal(0, code);
        Assert.NotNull(JsonDocument.Parse(stdout));
        await using (var server = await CallbookProcess.ServeAsync(db, CallbookProcess.FreePort(), "--demo"))
        {
            await Task.Delay(300, TestContext.Current.CancellationToken);
            Assert.DoesNotContain("demo tenant", server.Output, StringComparison.Ordinal);
        }
        var empty = TestDatabases.Create(Backends.Sqlite);
        await using var noDemo = await CallbookProcess.ServeAsync(empty, CallbookProcess.FreePort(), "--no-demo", "--demo");
        await Task.Delay(300, TestContext.Current.CancellationToken);
        Assert.DoesNotContain("demo tenant", noDemo.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InitTokenAppsAndStreamsWorkTogether()
    {
        var db = TestDatabases.Create(Backends.Sqlite);
        var (code, stdout, _) = await CallbookProcess.RunAsync("init", "--json", "--db", db);
        Assert.Equal(0, code);
        var init = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(["orgId", "accountId", "streamId", "userId", "clientId", "appActorId", "clientSecret"], Bodies.Keys(init));
        var accountId = init.Str("accountId");
        var clientId = init.Str("clientId");

        var stream = (await CallbookProcess.RunAsync("streams", "create", "--account", accountId, "--name", "sales", "--grant", clientId, "--db", db)).Stdout.Trim();
        Assert.Matches("^st-[0-9a-f-]{36}$", stream);
        Assert.Contains(stream, (await CallbookProcess.RunAsync("streams", "list", "--db", db)).Stdout, StringComparison.Ordinal);

        var app = JsonDocument.Parse((await CallbookProcess.RunAsync("apps", "create", "--account", accountId, "--stream", stream, "--db", db)).Stdout).RootElement;
        var appList = (await CallbookProcess.RunAsync("apps", "list", "--account", accountId, "--db", db)).Stdout;
        Assert.Contains(app.Str("clientId"), appList, StringComparison.Ordinal);
        Assert.DoesNotContain(app.Str("clientSecret"), appList, StringComparison.Ordinal);

        var port = CallbookProcess.FreePort();
        await using var server = await CallbookProcess.ServeAsync(db, port, "--no-demo");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        async Task<HttpStatusCode> ListAsync(string token, string streamId)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, $"/agentassist/api/v1/public/{streamId}/contacts");
            request.Headers.Add("auth", token);
            request.Headers.Add("accountId", accountId);
            return (await http.SendAsync(request, TestContext.Current.CancellationToken)).StatusCode;
        }

        var initToken = (await CallbookProcess.RunAsync("token", "--client-id", clientId, "--db", db)).Stdout.Trim();
        Assert.Equal(HttpStatusCode.OK, await ListAsync(initToken, init.Str("streamId")));
        Assert.Equal(HttpStatusCode.OK, await ListAsync(initToken, stream));
        var appToken = (await CallbookProcess.RunAsync("token", "--client-id", app.Str("clientId"), "--secret", app.Str("clientSecret"))).Stdout.Trim();
        Assert.Equal(HttpStatusCode.OK, await ListAsync(appToken, stream));
        Assert.Equal(HttpStatusCode.Forbidden, await ListAsync(appToken, init.Str("streamId")));

        var graceful = JsonDocument.Parse((await CallbookProcess.RunAsync("apps", "rotate-secret", "--client-id", app.Str("clientId"), "--db", db)).Stdout).RootElement;
        Assert.NotEqual(app.Str("clientSecret"), graceful.Str("clientSecret"));
        Assert.Equal(HttpStatusCode.OK, await ListAsync(appToken, stream));   // the default grace period keeps the old secret working
        Assert.Equal(0, (await CallbookProcess.RunAsync("apps", "rotate-secret", "--client-id", app.Str("clientId"), "--grace-minutes", "0", "--db", db)).ExitCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await ListAsync(appToken, stream));

        // Per-app rate limits from the CLI apply from the next request.
        Assert.Equal(0, (await CallbookProcess.RunAsync("apps", "set-limits", "--client-id", clientId, "--per-minute", "2", "--db", db)).ExitCode);
        Assert.Contains("limits 2/min", (await CallbookProcess.RunAsync("apps", "list", "--db", db)).Stdout, StringComparison.Ordinal);
        var limited = new[] { await ListAsync(initToken, stream), await ListAsync(initToken, stream), await ListAsync(initToken, stream) };
        Assert.Equal((HttpStatusCode)429, limited[^1]);
        var newToken = (await CallbookProcess.RunAsync("token", "--client-id", app.Str("clientId"), "--db", db)).Stdout.Trim();
        Assert.Equal(HttpStatusCode.OK, await ListAsync(newToken, stream));

        Assert.Equal(0, (await CallbookProcess.RunAsync("apps", "revoke", "--client-id", app.Str("clientId"), "--db", db)).ExitCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await ListAsync(newToken, stream));
        Assert.Contains("REVOKED", (await CallbookProcess.RunAsync("apps", "list", "--db", db)).Stdout, StringComparison.Ordinal);

        var unknown = await CallbookProcess.RunAsync("apps", "revoke", "--client-id", "cs-nope", "--db", db);
        Assert.NotEqual(0, unknown.ExitCode);
        Assert.Contains("no app", unknown.Stderr, StringComparison.Ordinal);
    }

    private static async Task<string> WaitForAsync(CallbookProcess server, string text)
    {
        for (var i = 0; i < 100 && !server.Output.Contains(text, StringComparison.Ordinal); i++)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
        Assert.Contains(text, server.Output, StringComparison.Ordinal);
        return server.Output;
    }

    private static async Task<string> BashAsync(string command)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(command);
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.Equal(0, process.ExitCode);
        return output;
    }
}
