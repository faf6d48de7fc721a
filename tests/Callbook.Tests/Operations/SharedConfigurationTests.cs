using System.Net;
using System.Text.Json;
using Npgsql;

namespace Callbook.Tests.Operations;

/// <summary>Every CLI command reads the database, key ring and settings exactly as serve does, and a bad one is one line, never a stack trace.</summary>
public sealed class SharedConfigurationTests
{
    [Theory, BothBackends]
    public async Task CallbookDbSetOnceServesTheCliAndTheServer(string backend)
    {
        var db = TestDatabases.Create(backend);
        var environment = new Dictionary<string, string?> { ["Callbook__Db"] = db, ["Callbook__KeysPath"] = DatabaseLocationTests.NewFolder() };
        var init = await CallbookProcess.RunInAsync(null, environment, "init", "--json");
        Assert.Equal(0, init.ExitCode);
        var setup = JsonDocument.Parse(init.Stdout).RootElement;

        var users = await CallbookProcess.RunInAsync(null, environment, "users", "create", "--email", "ann@example.com", "--password", "correct horse battery");
        Assert.Equal(0, users.ExitCode);
        var named = Assert.Single(users.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("callbook: using ", StringComparison.Ordinal));
        if (backend == Backends.Postgres)
        {
            var builder = new NpgsqlConnectionStringBuilder(db);
            Assert.Equal($"callbook: using PostgreSQL database {builder.Database} on {builder.Host}:{builder.Port}", named);
            Assert.DoesNotContain(builder.Password ?? "(no password)", users.Stderr + users.Stdout, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal($"callbook: using SQLite file {db["sqlite:".Length..]}", named);
        }

        // serve without --db finds the same database and key ring: the secret init encrypted verifies tokens.
        var port = CallbookProcess.FreePort();
        await using var server = await ServeWithoutDbAsync(environment, port);
        var token = (await CallbookProcess.RunInAsync(null, environment, "token", "--client-id", setup.Str("clientId"))).Stdout.Trim();
        Assert.Equal(HttpStatusCode.OK, await ListAsync(port, setup, token));
    }

    [Fact]
    public async Task InitEncryptsWithTheKeyRingOfCallbookKeysPathAsServeDoes()
    {
        var db = TestDatabases.Create(Backends.Sqlite);
        var keys = DatabaseLocationTests.NewFolder();
        var environment = new Dictionary<string, string?> { ["Callbook__KeysPath"] = keys };
        var setup = JsonDocument.Parse((await CallbookProcess.RunInAsync(null, environment, "init", "--json", "--db", db)).Stdout).RootElement;
        Assert.NotEmpty(Directory.GetFiles(keys, "key-*.xml"));
        Assert.False(Directory.Exists(Path.Combine(Path.GetDirectoryName(db["sqlite:".Length..])!, "keys")));

        var port = CallbookProcess.FreePort();
        await using var server = await CallbookProcess.ServeAsync(environment, db, port, "--no-demo");
        var token = (await CallbookProcess.RunInAsync(null, environment, "token", "--client-id", setup.Str("clientId"), "--db", db)).Stdout.Trim();
        Assert.Equal(HttpStatusCode.OK, await ListAsync(port, setup, token));
    }

    [Fact]
    public async Task WebhooksCreateHonoursMaxPerStream()
    {
        var db = TestDatabases.Create(Backends.Sqlite);
        var environment = new Dictionary<string, string?> { ["Callbook__Webhooks__MaxPerStream"] = "1" };
        var stream = JsonDocument.Parse((await CallbookProcess.RunInAsync(null, environment, "init", "--json", "--db", db)).Stdout).RootElement.Str("streamId");
        Assert.Equal(0, (await CallbookProcess.RunInAsync(null, environment, "webhooks", "create", "--stream", stream, "--url", "http://127.0.0.1:9/a", "--db", db)).ExitCode);
        var second = await CallbookProcess.RunInAsync(null, environment, "webhooks", "create", "--stream", stream, "--url", "http://127.0.0.1:9/b", "--db", db);
        Assert.Equal(1, second.ExitCode);
        Assert.Contains($"stream {stream} already has 1 webhooks", second.Stderr, StringComparison.Ordinal);

        var invalid = await CallbookProcess.RunInAsync(null, new Dictionary<string, string?> { ["Callbook__Webhooks__MaxPerStream"] = "0" },
            "webhooks", "create", "--stream", stream, "--url", "https://example.com/c", "--db", db);
        Assert.Equal(2, invalid.ExitCode);
        Assert.Contains("MaxPerStream at least 1", OneLine(invalid.Stderr), StringComparison.Ordinal);
    }

    [Theory, BothBackends]
    public async Task AppsListNeedsNoKeyRingAndAWrongKeyRingIsOneLine(string backend)
    {
        var db = TestDatabases.Create(backend);
        var serving = new Dictionary<string, string?> { ["CALLBOOK_KEYS"] = DatabaseLocationTests.NewFolder() };
        var other = new Dictionary<string, string?> { ["CALLBOOK_KEYS"] = DatabaseLocationTests.NewFolder() };
        var clientId = JsonDocument.Parse((await CallbookProcess.RunInAsync(null, serving, "init", "--json", "--db", db)).Stdout).RootElement.Str("clientId");

        var list = await CallbookProcess.RunInAsync(null, other, "apps", "list", "--db", db);
        Assert.Equal(0, list.ExitCode);
        Assert.Contains(clientId, list.Stdout, StringComparison.Ordinal);

        var token = await CallbookProcess.RunInAsync(null, other, "token", "--client-id", clientId, "--db", db);
        Assert.Equal(2, token.ExitCode);
        Assert.Equal("", token.Stdout);
        Assert.Contains($"callbook: the key ring at {other["CALLBOOK_KEYS"]} cannot decrypt", OneLine(token.Stderr), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", token.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnreachableOrMisspelledDatabaseIsOneLine()
    {
        string[][] cases =
        [
            ["init", "--db", "Host=127.0.0.1;Port=1;Username=u;Password=secret-pw;Database=x;Target Session Attributes=primary"],
            ["apps", "list", "--db", "postgres://u:secret-pw@127.0.0.1:1/x"],
            ["streams", "list", "--db", "mysql://u:secret-pw@db/x"],
            ["users", "list", "--db", "Host=127.0.0.1;Port=1;Password=secret-pw;Target Session Attributes=sometimes"],
        ];
        foreach (var args in cases)
        {
            var (code, stdout, stderr) = await CallbookProcess.RunAsync(args);
            Assert.Equal(2, code);
            Assert.Equal("", stdout);
            var error = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => !l.StartsWith("callbook: using ", StringComparison.Ordinal));
            Assert.StartsWith("callbook: ", error, StringComparison.Ordinal);
            Assert.DoesNotContain("Exception", stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("secret-pw", stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task TargetSessionAttributesOnOneHostWorks()
    {
        var db = TestDatabases.Create(Backends.Postgres);
        var location = new NpgsqlConnectionStringBuilder(db) { TargetSessionAttributes = "primary" }.ConnectionString;
        var init = await CallbookProcess.RunAsync("init", "--json", "--db", location);
        Assert.Equal(0, init.ExitCode);
        Assert.Contains(JsonDocument.Parse(init.Stdout).RootElement.Str("clientId"), (await CallbookProcess.RunAsync("apps", "list", "--db", location)).Stdout, StringComparison.Ordinal);
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");

    private static async Task<HttpStatusCode> ListAsync(int port, JsonElement setup, string token)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/agentassist/api/v1/public/{setup.Str("streamId")}/contacts");
        request.Headers.Add("auth", token);
        request.Headers.Add("accountId", setup.Str("accountId"));
        return (await http.SendAsync(request, TestContext.Current.CancellationToken)).StatusCode;
    }

    private static Task<CallbookProcess> ServeWithoutDbAsync(IReadOnlyDictionary<string, string?> environment, int port) =>
        CallbookProcess.ServeAsync(environment, null, port, "--no-demo");
}
