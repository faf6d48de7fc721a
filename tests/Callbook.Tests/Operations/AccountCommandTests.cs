using System.Text.Json;
using Callbook.Storage;
using Callbook.Stores;

namespace Callbook.Tests.Operations;

/// <summary>The CLI's console-user maintenance and webhook changes, through the real executable.</summary>
public sealed class AccountCommandTests
{
    [Fact]
    public async Task UsersCanBeResetUnlockedAndRemoved()
    {
        var db = TestDatabases.Create(Backends.Sqlite);
        var ct = TestContext.Current.CancellationToken;
        // Admin commands refuse a database that does not exist: init creates it.
        Assert.Equal(0, (await CallbookProcess.RunAsync("init", "--json", "--db", db)).ExitCode);
        Assert.Equal(0, (await CallbookProcess.RunAsync("users", "create", "--email", "dana@example.com", "--password", "first password", "--db", db)).ExitCode);
        ConsoleUser before;
        await using (var database = CallbookDatabases.Open(db, TimeProvider.System))
        {
            before = (await database.ConsoleUsers.FindUserByEmailAsync("dana@example.com", ct))!;
            await database.ConsoleUsers.RecordFailedSignInAsync(before.Id, 1, DateTimeOffset.UtcNow.AddMinutes(15), ct);
        }
        Assert.Contains("LOCKED", (await CallbookProcess.RunAsync("users", "list", "--db", db)).Stdout, StringComparison.Ordinal);

        var unlock = await CallbookProcess.RunAsync("users", "unlock", "--email", "Dana@example.com", "--db", db);
        Assert.True(unlock.ExitCode == 0, unlock.Stderr);
        Assert.DoesNotContain("LOCKED", (await CallbookProcess.RunAsync("users", "list", "--db", db)).Stdout, StringComparison.Ordinal);

        Assert.Equal(1, (await CallbookProcess.RunAsync("users", "reset-password", "--email", "dana@example.com", "--password", "short", "--db", db)).ExitCode);
        var reset = await CallbookProcess.RunAsync("users", "reset-password", "--email", "dana@example.com", "--password", "second password", "--db", db);
        Assert.True(reset.ExitCode == 0, reset.Stderr);
        await using (var database = CallbookDatabases.Open(db, TimeProvider.System))
        {
            var after = (await database.ConsoleUsers.FindUserByEmailAsync("dana@example.com", ct))!;
            Assert.NotEqual(before.SecurityStamp, after.SecurityStamp);
            Assert.True(Callbook.WebConsole.ConsolePasswords.Verify(after, "second password", out _));
            Assert.False(Callbook.WebConsole.ConsolePasswords.Verify(after, "first password", out _));
        }

        var remove = await CallbookProcess.RunAsync("users", "remove", "--email", "dana@example.com", "--db", db);
        Assert.True(remove.ExitCode == 0, remove.Stderr);
        Assert.DoesNotContain("dana@example.com", (await CallbookProcess.RunAsync("users", "list", "--db", db)).Stdout, StringComparison.Ordinal);
        foreach (var command in new[] { "remove", "unlock" })
        {
            var missing = await CallbookProcess.RunAsync("users", command, "--email", "dana@example.com", "--db", db);
            Assert.Equal(1, missing.ExitCode);
            Assert.Contains("no console user", missing.Stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task WebhooksCanBeChangedPausedAndRotatedUnderTheServersUrlRules()
    {
        var db = TestDatabases.Create(Backends.Sqlite);
        var stream = JsonDocument.Parse((await CallbookProcess.RunAsync("init", "--json", "--db", db)).Stdout).RootElement.Str("streamId");
        var refused = await CallbookProcess.RunAsync("webhooks", "create", "--stream", stream, "--url", "http://10.0.0.5/hook", "--db", db);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("private", refused.Stderr, StringComparison.Ordinal);
        var created = JsonDocument.Parse((await CallbookProcess.RunAsync("webhooks", "create", "--stream", stream, "--url", "http://127.0.0.1:9/hook", "--db", db)).Stdout).RootElement;
        var id = created.Str("id");

        var paused = await CallbookProcess.RunAsync("webhooks", "update", "--id", id, "--active", "false", "--events", "contact.deleted", "--db", db);
        Assert.True(paused.ExitCode == 0, paused.Stderr);
        Assert.False(JsonDocument.Parse(paused.Stdout).RootElement.GetProperty("active").GetBoolean());
        Assert.Contains($"{id}  contact.deleted  http://127.0.0.1:9/hook  PAUSED", (await CallbookProcess.RunAsync("webhooks", "list", "--stream", stream, "--db", db)).Stdout, StringComparison.Ordinal);
        // An option the command does not have is refused before anything is done: the webhook is still there, still paused.
        foreach (var (typo, unknown) in new[] { (new[] { "webhooks", "delete", "--stream", "st-nope", "--id", id }, "--stream"), (["webhooks", "rotate-secret", "--id", id, "--grase", "0"], "--grase") })
        {
            var refusedTypo = await CallbookProcess.RunAsync([.. typo, "--db", db]);
            Assert.Equal(2, refusedTypo.ExitCode);
            Assert.Equal("", refusedTypo.Stdout);
            Assert.StartsWith($"callbook: '{unknown}' is not an option of 'webhooks {typo[1]}'", refusedTypo.Stderr, StringComparison.Ordinal);
        }
        Assert.Contains($"{id}  contact.deleted  http://127.0.0.1:9/hook  PAUSED", (await CallbookProcess.RunAsync("webhooks", "list", "--stream", stream, "--db", db)).Stdout, StringComparison.Ordinal);
        foreach (var command in new[] { new[] { "webhooks", "list" }, ["webhooks", "create", "--url", "http://127.0.0.1:9/hook"] })
        {
            // A stream id nobody has: one clear line and exit 1, not an empty list or a subscription of nothing.
            var unknown = await CallbookProcess.RunAsync([.. command, "--stream", "st-00000000-0000-0000-0000-000000000000", "--db", db]);
            Assert.Equal(1, unknown.ExitCode);
            Assert.Equal("", unknown.Stdout);
            Assert.Contains("no stream st-00000000-0000-0000-0000-000000000000", unknown.Stderr, StringComparison.Ordinal);
        }
        var badUrl = await CallbookProcess.RunAsync("webhooks", "update", "--id", id, "--url", "http://169.254.169.254/", "--db", db);
        Assert.Equal(1, badUrl.ExitCode);
        Assert.Contains("link-local", badUrl.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, (await CallbookProcess.RunAsync("webhooks", "update", "--id", id, "--db", db)).ExitCode);

        var rotated = await CallbookProcess.RunAsync("webhooks", "rotate-secret", "--id", id, "--grace", "60", "--db", db);
        Assert.True(rotated.ExitCode == 0, rotated.Stderr);
        var answer = JsonDocument.Parse(rotated.Stdout).RootElement;
        Assert.StartsWith("whsec_", answer.Str("secret"), StringComparison.Ordinal);
        Assert.NotEqual(created.Str("secret"), answer.Str("secret"));
        Assert.Equal(1, (await CallbookProcess.RunAsync("webhooks", "rotate-secret", "--id", "wh-" + Guid.NewGuid(), "--db", db)).ExitCode);
    }
}
