using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Callbook.Tests.Operations;

/// <summary>`callbook backup` through the real executable: a consistent copy of a SQLite database that is being written to.</summary>
public sealed class BackupCommandTests
{
    [Fact]
    public async Task ABackupTakenDuringWritesRestoresEveryContactAcknowledgedBeforeIt()
    {
        var ct = TestContext.Current.CancellationToken;
        var folder = Path.Combine(Path.GetTempPath(), "callbook-tests", Guid.NewGuid().ToString("N"));
        var db = "sqlite:" + Path.Combine(folder, "callbook.db");
        var init = JsonDocument.Parse((await CallbookProcess.RunAsync("init", "--json", "--db", db)).Stdout).RootElement;
        var token = (await CallbookProcess.RunAsync("token", "--client-id", init.Str("clientId"), "--db", db)).Stdout.Trim();
        var port = CallbookProcess.FreePort();
        await using var server = await CallbookProcess.ServeAsync(db, port, "--no-demo");

        // Four writers create contacts until told to stop; each acknowledged one is recorded with its fields.
        var acknowledged = new ConcurrentQueue<(string Id, string LastName, string Phone)>();
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, 4).Select(writer => Task.Run(async () =>
        {
            using var http = Client(port, init, token);
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var (last, phone) = ($"w{writer}n{n}", (9700000000L + writer * 100000 + n).ToString(CultureInfo.InvariantCulture));
                using var response = await http.PostAsync(Contacts(init), Json(Bodies.Contacts(("Backup", last, phone, "+91"))), CancellationToken.None);
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    var created = JsonDocument.Parse(await response.Content.ReadAsStringAsync(CancellationToken.None)).RootElement[0];
                    acknowledged.Enqueue((created.Str("id"), last, "+91" + phone));
                }
            }
        }, CancellationToken.None)).ToList();
        await WaitForAsync(() => acknowledged.Count >= 50, "50 contacts acknowledged before the backup");

        var before = acknowledged.ToArray();
        var copy = Path.Combine(folder, "backup.db");
        var backup = await CallbookProcess.RunAsync("backup", "--db", db, "--to", copy);
        // The writers never paused: they went on during the backup and still go on after it.
        await WaitForAsync(() => acknowledged.Count >= before.Length + 50, "50 more contacts acknowledged after the backup");
        await stop.CancelAsync();
        await Task.WhenAll(writers);
        Assert.True(backup.ExitCode == 0, backup.Stdout + backup.Stderr);
        Assert.Contains("integrity_check ok", backup.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"contacts\s+[\d,]+", backup.Stdout);

        // Restore as the README says: the backup becomes the database file of a fresh folder, beside the key ring.
        var restoredFolder = Path.Combine(Path.GetTempPath(), "callbook-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(restoredFolder);
        File.Copy(copy, Path.Combine(restoredFolder, "callbook.db"));
        CopyFolder(Path.Combine(folder, "keys"), Path.Combine(restoredFolder, "keys"));
        var restoredPort = CallbookProcess.FreePort();
        await using var restored = await CallbookProcess.ServeAsync("sqlite:" + Path.Combine(restoredFolder, "callbook.db"), restoredPort, "--no-demo");
        using var check = Client(restoredPort, init, token);
        foreach (var (id, last, phone) in before)
        {
            var contact = JsonDocument.Parse(await check.GetStringAsync($"{Contacts(init)}/{id}", ct)).RootElement;
            Assert.Equal(("Backup", last, phone, "ACTIVE"), (contact.Str("firstName"), contact.Str("lastName"), contact.GetProperty("cellPhone").Str("phoneNumber"), contact.Str("status")));
        }
    }

    [Fact]
    public async Task ABackupNeverOverwritesAFileAndExplainsPgDumpForPostgres()
    {
        var folder = Path.Combine(Path.GetTempPath(), "callbook-tests", Guid.NewGuid().ToString("N"));
        var db = "sqlite:" + Path.Combine(folder, "callbook.db");
        await CallbookProcess.RunAsync("init", "--json", "--db", db);
        var existing = Path.Combine(folder, "taken.db");
        await File.WriteAllTextAsync(existing, "keep me", TestContext.Current.CancellationToken);
        var refused = await CallbookProcess.RunAsync("backup", "--db", db, "--to", existing);
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("exists already", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal("keep me", await File.ReadAllTextAsync(existing, TestContext.Current.CancellationToken));

        var postgres = await CallbookProcess.RunAsync("backup", "--db", "postgres://callbook:s3cret@db.example.com:5432/callbook", "--to", "callbook.dump");
        Assert.Equal(2, postgres.ExitCode);
        Assert.Contains("pg_dump --format=custom --file='callbook.dump' 'postgres://callbook:***@db.example.com:5432/callbook'", postgres.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", postgres.Stdout, StringComparison.Ordinal);
    }

    private static async Task WaitForAsync(Func<bool> done, string what)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        while (!done())
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "timed out waiting for " + what);
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    private static string Contacts(JsonElement init) => $"/agentassist/api/v1/public/{init.Str("streamId")}/contacts";

    private static HttpClient Client(int port, JsonElement init, string token)
    {
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        http.DefaultRequestHeaders.Add("auth", token);
        http.DefaultRequestHeaders.Add("accountId", init.Str("accountId"));
        return http;
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }
}
