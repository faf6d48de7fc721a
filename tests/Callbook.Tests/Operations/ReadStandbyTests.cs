using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Callbook.Storage.Postgres;
using Npgsql;

namespace Callbook.Tests.Operations;

/// <summary>
/// `serve --db-read`: lookups, lists, search, exports and history are answered by PostgreSQL standbys,
/// writes and the reads they depend on by the primary, and reads go on when the standbys stop.
/// The standbys are streaming replicas started by scripts/test-with-postgres.sh; a standby whose
/// replay is paused shows which server answered: what it answers stays as it was.
/// </summary>
public sealed class ReadStandbyTests
{
    private const string FirstPhone = "7700900101";
    private const string SecondPhone = "7700900102";

    [Fact]
    public async Task ReadsAreAnsweredByTheStandbyAndWritesWithTheirChecksByThePrimary()
    {
        var db = TestDatabases.Create(Backends.Postgres);
        var standby = Standbys.Shared(db);
        var init = JsonDocument.Parse((await CallbookProcess.RunAsync("init", "--json", "--db", db)).Stdout).RootElement;
        // --db lists the primary and the standby: Target Session Attributes=primary sends every write to the primary.
        var primary = new NpgsqlConnectionStringBuilder(db);
        var bothHosts = new NpgsqlConnectionStringBuilder(db)
        {
            Host = $"{primary.Host}:{primary.Port},{new NpgsqlConnectionStringBuilder(standby).Host}:{new NpgsqlConnectionStringBuilder(standby).Port}",
            TargetSessionAttributes = "primary",
        }.ConnectionString;
        await Standbys.WaitForReplayAsync(db, standby);
        var port = CallbookProcess.FreePort();
        await using var server = await CallbookProcess.ServeAsync(bothHosts, port, "--no-demo", "--db-read", standby);
        Assert.Contains("Reads (lookups, lists, search, exports, history): standbys PostgreSQL database", server.Output, StringComparison.Ordinal);
        using var api = Client(port, init, await TokenAsync(db, init.Str("clientId")));
        var contacts = $"/agentassist/api/v1/public/{init.Str("streamId")}/contacts";

        var created = (await Bodies.ReadAsync(await api.SendAsync(Create(contacts, "k-1", "ann"), TestContext.Current.CancellationToken), HttpStatusCode.Created))[0];
        var id = created.Str("id");
        await Standbys.WaitForReplayAsync(db, standby);
        Assert.Equal(1, (await ReadAsync(api, $"{contacts}?phone=%2B44{FirstPhone}")).GetProperty("totalResults").GetInt32());

        await Standbys.PauseReplayAsync(standby);
        try
        {
            // Writes right after writes: version checks, idempotency claims and bulk-update targets read the primary.
            Assert.Equal("\"v2\"", await UpdateAsync(api, $"{contacts}/{id}", "\"v1\"", "bea"));
            Assert.Equal("\"v3\"", await UpdateAsync(api, $"{contacts}/{id}", "\"v1\", \"v2\"", "cleo"));
            var replayed = await api.SendAsync(Create(contacts, "k-1", "ann"), TestContext.Current.CancellationToken);
            Assert.Equal("true", Assert.Single(replayed.Headers.GetValues("Idempotent-Replayed")));
            Assert.Equal(id, (await Bodies.ReadAsync(replayed, HttpStatusCode.Created))[0].Str("id"));
            var bulk = Bodies.Contact("dora", "doe", FirstPhone, "+44");
            bulk["id"] = id;
            bulk["version"] = 3;
            using (var bulkBody = Json(new JsonArray(bulk).ToJsonString()))
            {
                Assert.Equal(1, (await Bodies.ReadAsync(await api.PutAsync($"{contacts}/bulk-update", bulkBody, TestContext.Current.CancellationToken), HttpStatusCode.OK)).GetProperty("successful").GetInt32());
            }
            var second = (await Bodies.ReadAsync(await api.SendAsync(Create(contacts, "k-2", "eve", SecondPhone), TestContext.Current.CancellationToken), HttpStatusCode.Created))[0];
            // GET by id reads the primary: its ETag is what the next write is checked against.
            Assert.Equal("dora", (await ReadAsync(api, $"{contacts}/{id}")).Str("firstName"));
            // An app made now and its jti token work at once, and the token only once: authentication reads the primary.
            var jtiApp = JsonDocument.Parse((await CallbookProcess.RunAsync("apps", "create", "--account", init.Str("accountId"), "--stream", init.Str("streamId"), "--enforce-jti", "--db", db)).Stdout).RootElement;
            var once = (await CallbookProcess.RunAsync("token", "--client-id", jtiApp.Str("clientId"), "--secret", jtiApp.Str("clientSecret"), "--jti")).Stdout.Trim();
            using (var jti = Client(port, init, once))
            {
                Assert.Equal(HttpStatusCode.OK, (await jti.GetAsync($"{contacts}/{id}", TestContext.Current.CancellationToken)).StatusCode);
                Assert.Equal(HttpStatusCode.Unauthorized, (await jti.GetAsync($"{contacts}/{id}", TestContext.Current.CancellationToken)).StatusCode);
            }

            // Lookup, list, search, history and export come from the standby, which has seen none of that.
            Assert.Equal(0, (await ReadAsync(api, $"{contacts}?phone=%2B44{SecondPhone}")).GetProperty("totalResults").GetInt32());
            var list = await ReadAsync(api, $"{contacts}?status=ALL");
            Assert.Equal("ann", Assert.Single(list.GetProperty("results").EnumerateArray()).Str("firstName"));
            Assert.Equal(0, (await ReadAsync(api, $"{contacts}?q=dora")).GetProperty("totalResults").GetInt32());
            Assert.Single((await ReadAsync(api, $"{contacts}/{id}/history")).GetProperty("history").EnumerateArray());
            var export = await api.GetStringAsync($"{contacts}/export", TestContext.Current.CancellationToken);
            Assert.Contains("ann", export, StringComparison.Ordinal);
            Assert.DoesNotContain("dora", export, StringComparison.Ordinal);

            await Standbys.ResumeReplayAsync(standby);
            await Standbys.WaitForReplayAsync(db, standby);
            Assert.Equal(second.Str("id"), (await ReadAsync(api, $"{contacts}?phone=%2B44{SecondPhone}")).GetProperty("results")[0].Str("id"));
            Assert.Equal(4, (await ReadAsync(api, $"{contacts}/{id}/history")).GetProperty("history").GetArrayLength());
        }
        finally
        {
            await Standbys.ResumeReplayAsync(standby);
        }

        // Who answered, as PostgreSQL saw it: the read pool is connected to the standby and never to the primary.
        Assert.True(await Standbys.SessionsAsync(standby, "callbook-read") > 0);
        Assert.Equal(0, await Standbys.SessionsAsync(db, "callbook-read"));
        Assert.True(await Standbys.SessionsAsync(db, "callbook") > 0);
    }

    [Fact]
    public async Task ReadsFallBackToThePrimaryWhileNoStandbyAnswers()
    {
        var db = TestDatabases.Create(Backends.Postgres);
        var spare = Standbys.Spare(db);
        var init = JsonDocument.Parse((await CallbookProcess.RunAsync("init", "--json", "--db", db)).Stdout).RootElement;
        await Standbys.WaitForReplayAsync(db, spare);
        var port = CallbookProcess.FreePort();
        await using var server = await CallbookProcess.ServeAsync(db, port, "--no-demo", "--db-read", spare);
        using var api = Client(port, init, await TokenAsync(db, init.Str("clientId")));
        var contacts = $"/agentassist/api/v1/public/{init.Str("streamId")}/contacts";
        var id = (await Bodies.ReadAsync(await api.SendAsync(Create(contacts, "k-1", "ann"), TestContext.Current.CancellationToken), HttpStatusCode.Created))[0].Str("id");
        await Standbys.WaitForReplayAsync(db, spare);
        Assert.Equal(1, (await ReadAsync(api, $"{contacts}?phone=%2B44{FirstPhone}")).GetProperty("totalResults").GetInt32());
        Assert.True(await Standbys.SessionsAsync(spare, "callbook-read") > 0);

        await Standbys.ControlSpareAsync("stop");
        try
        {
            // Every read still answers, from the primary: a contact created now is found at once.
            var second = (await Bodies.ReadAsync(await api.SendAsync(Create(contacts, "k-2", "bea", SecondPhone), TestContext.Current.CancellationToken), HttpStatusCode.Created))[0].Str("id");
            Assert.Equal(second, (await ReadAsync(api, $"{contacts}?phone=%2B44{SecondPhone}")).GetProperty("results")[0].Str("id"));
            Assert.Equal(2, (await ReadAsync(api, $"{contacts}?limit=1")).GetProperty("totalResults").GetInt32());
            Assert.Single((await ReadAsync(api, $"{contacts}/{id}/history")).GetProperty("history").EnumerateArray());
            Assert.Contains("bea", await api.GetStringAsync($"{contacts}/export", TestContext.Current.CancellationToken), StringComparison.Ordinal);
        }
        finally
        {
            await Standbys.ControlSpareAsync("start");
        }

        // Once the standby is back (and the primary's rest period is over) reads return to it.
        await Standbys.WaitForReplayAsync(db, spare);
        var back = false;
        for (var attempt = 0; attempt < 60 && !back; attempt++)
        {
            Assert.Equal(1, (await ReadAsync(api, $"{contacts}?phone=%2B44{FirstPhone}")).GetProperty("totalResults").GetInt32());
            back = await Standbys.SessionsAsync(spare, "callbook-read") > 0;
            await Task.Delay(500, TestContext.Current.CancellationToken);
        }
        Assert.True(back, "reads did not return to the standby after it came back");
    }

    [Fact]
    public async Task APrimaryListingSeveralHostsMustAskForThePrimary()
    {
        const string hosts = "Host=127.0.0.1:1,127.0.0.1:2;Username=u;Password=secret-pw;Database=x";
        foreach (var args in new[]
        {
            new[] { "serve", "--db", hosts, "--urls", $"http://127.0.0.1:{CallbookProcess.FreePort()}", "--no-demo" },
            ["users", "list", "--db", hosts + ";Target Session Attributes=prefer-standby"],
        })
        {
            var error = await RefusedAsync(args, null);
            Assert.StartsWith("callbook: --db lists several hosts (127.0.0.1:1,127.0.0.1:2) without Target Session Attributes=primary", error, StringComparison.Ordinal);
        }
        var url = await RefusedAsync(["users", "list", "--db", "postgres://u:secret-pw@db1,db2/x"], null);
        Assert.EndsWith("(a URL names one host: write several as a connection string, Host=db1,db2;Username=…;Database=…)", url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadStandbysNeedPostgreSql()
    {
        var sqlite = TestDatabases.Create(Backends.Sqlite);
        const string standbys = "Host=127.0.0.1:1,127.0.0.1:2;Username=u;Password=secret-pw;Database=x";
        var flag = await RefusedAsync(["serve", "--db", sqlite, "--db-read", standbys, "--urls", $"http://127.0.0.1:{CallbookProcess.FreePort()}", "--no-demo"], null);
        Assert.Equal($"callbook: --db-read names PostgreSQL standbys, but the database is the SQLite file {sqlite["sqlite:".Length..]}: read standbys need PostgreSQL (remove --db-read or CALLBOOK_DB_READ)", flag);
        var environment = await RefusedAsync(["serve", "--db", sqlite, "--urls", $"http://127.0.0.1:{CallbookProcess.FreePort()}", "--no-demo"], new() { ["CALLBOOK_DB_READ"] = standbys });
        Assert.Equal(flag, environment);
        Assert.False(File.Exists(sqlite["sqlite:".Length..]));

        var notPostgres = await RefusedAsync(["serve", "--db", "postgres://u:secret-pw@127.0.0.1:1/x", "--db-read", "sqlite:/tmp/replica.db", "--urls", $"http://127.0.0.1:{CallbookProcess.FreePort()}"], null);
        Assert.Equal("callbook: --db-read 'sqlite:/tmp/replica.db' names no PostgreSQL standby: expected Host=standby1,standby2;… or postgres://…", notPostgres);
    }

    [Fact]
    public void StandbysAreLoadBalancedAndPreferStandbysUnlessTheySayOtherwise()
    {
        var standbys = new NpgsqlConnectionStringBuilder(PostgresLocation.Standbys("Host=s1,s2;Username=u;Database=callbook"));
        Assert.Equal(("prefer-standby", true), (standbys.TargetSessionAttributes, standbys.LoadBalanceHosts));
        var own = new NpgsqlConnectionStringBuilder(PostgresLocation.Standbys("Host=s1,s2;Target Session Attributes=standby;Load Balance Hosts=false"));
        Assert.Equal(("standby", false), (own.TargetSessionAttributes, own.LoadBalanceHosts));
        Assert.Equal("s1", new NpgsqlConnectionStringBuilder(PostgresLocation.Standbys("postgres://u:p@s1:5433/callbook")).Host);
        foreach (var primary in new[] { "primary", "read-write", "Primary" })
        {
            Assert.Contains("db1,db2", PostgresLocation.Primary($"Host=db1,db2;Target Session Attributes={primary}"), StringComparison.Ordinal);
        }
        foreach (var other in new[] { "", ";Target Session Attributes=any", ";Target Session Attributes=prefer-primary", ";Target Session Attributes=standby" })
        {
            Assert.Throws<ArgumentException>(() => PostgresLocation.Primary("Host=db1,db2" + other));
        }
    }

    /// <summary>Runs a command that must be refused: exit code 2, nothing on stdout, one line on stderr without a stack trace or the password.</summary>
    private static async Task<string> RefusedAsync(string[] args, Dictionary<string, string?>? environment)
    {
        var (code, stdout, stderr) = await CallbookProcess.RunInAsync(null, environment, args);
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.DoesNotContain("Exception", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-pw", stderr, StringComparison.Ordinal);
        return Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    private static async Task<string> TokenAsync(string db, string clientId) =>
        (await CallbookProcess.RunAsync("token", "--client-id", clientId, "--db", db)).Stdout.Trim();

    private static HttpClient Client(int port, JsonElement init, string token)
    {
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        client.DefaultRequestHeaders.Add("auth", token);
        client.DefaultRequestHeaders.Add("accountId", init.Str("accountId"));
        return client;
    }

    private static HttpRequestMessage Create(string contacts, string idempotencyKey, string firstName, string phone = FirstPhone) =>
        new(HttpMethod.Post, contacts)
        {
            Headers = { { "Idempotency-Key", idempotencyKey } },
            Content = Json(Bodies.Contacts((firstName, "doe", phone, "+44"))),
        };

    /// <summary>PUTs a new first name with <paramref name="ifMatch"/>; returns the new ETag.</summary>
    private static async Task<string> UpdateAsync(HttpClient api, string path, string ifMatch, string firstName)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, path) { Content = Json(Bodies.Contact(firstName, "doe", FirstPhone, "+44").ToJsonString()) };
        request.Headers.IfMatch.ParseAdd(ifMatch);
        using var response = await api.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(firstName, (await Bodies.ReadAsync(response, HttpStatusCode.OK)).Str("firstName"));
        return response.Headers.ETag!.Tag;
    }

    private static async Task<JsonElement> ReadAsync(HttpClient api, string path) =>
        await Bodies.ReadAsync(await api.GetAsync(path, TestContext.Current.CancellationToken), HttpStatusCode.OK);

    private static StringContent Json(string body) => new(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
}
