using System.Text.Json;

namespace Callbook.Tests.Operations;

/// <summary>Where the data is: one place whatever the working directory, never a second database without a word.</summary>
public sealed class DatabaseLocationTests
{
    private static readonly string[][] AdminCommands =
    [
        ["apps", "list"],
        ["streams", "list"],
        ["users", "list"],
        ["webhooks", "list", "--stream", "st-00000000-0000-0000-0000-000000000000"],
        ["token", "--client-id", "cs-00000000-0000-0000-0000-000000000000"],
    ];

    [Fact]
    public async Task TheDefaultDatabaseIsInTheUsersDataDirectoryWhateverTheWorkingDirectory()
    {
        var (home, first, second) = (NewFolder(), NewFolder(), NewFolder());
        var environment = new Dictionary<string, string?> { ["XDG_DATA_HOME"] = home };
        var expected = Path.Combine(home, "callbook", "callbook.db");

        var init = await CallbookProcess.RunInAsync(first, environment, "init", "--json");
        Assert.Equal(0, init.ExitCode);
        Assert.Contains($"creating a new database: SQLite file {expected}", init.Stderr, StringComparison.Ordinal);
        Assert.True(File.Exists(expected));
        Assert.False(Directory.Exists(Path.Combine(first, "data")));

        var streams = await CallbookProcess.RunInAsync(second, environment, "streams", "list");
        Assert.Equal(0, streams.ExitCode);
        Assert.Contains(JsonDocument.Parse(init.Stdout).RootElement.Str("streamId"), streams.Stdout, StringComparison.Ordinal);
        Assert.Contains($"using SQLite file {expected}", streams.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("creating", streams.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(second, "data")));
    }

    [Fact]
    public async Task AdminCommandsRefuseADatabaseThatDoesNotExistAndCreateNothing()
    {
        var (home, cwd) = (NewFolder(), NewFolder());
        var environment = new Dictionary<string, string?> { ["XDG_DATA_HOME"] = home };
        var missing = Path.Combine(NewFolder(), "nowhere", "callbook.db");
        foreach (var command in AdminCommands)
        {
            foreach (var args in new[] { command, [.. command, "--db", "sqlite:" + missing] })
            {
                var (code, stdout, stderr) = await CallbookProcess.RunInAsync(cwd, environment, args);
                Assert.Equal(2, code);
                Assert.Equal("", stdout);
                var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
                Assert.StartsWith("callbook: no database at " + (args.Contains("--db") ? missing : Path.Combine(home, "callbook", "callbook.db")), line, StringComparison.Ordinal);
            }
        }
        Assert.Empty(Directory.EnumerateFileSystemEntries(home));
        Assert.Empty(Directory.EnumerateFileSystemEntries(cwd));
        Assert.False(Directory.Exists(Path.GetDirectoryName(missing)));
    }

    /// <summary>An empty location (e.g. <c>--db "$DB"</c> with DB unset) is refused, never read as "the default file".</summary>
    [Fact]
    public async Task AnEmptyDatabaseLocationIsRefusedInsteadOfUsingTheDefault()
    {
        var (home, cwd) = (NewFolder(), NewFolder());
        var environment = new Dictionary<string, string?> { ["XDG_DATA_HOME"] = home };
        Assert.Equal(0, (await CallbookProcess.RunInAsync(cwd, environment, "init", "--json")).ExitCode);
        var before = Directory.EnumerateFileSystemEntries(home, "*", SearchOption.AllDirectories).Order().ToList();
        var runs = new List<(IReadOnlyDictionary<string, string?> Environment, string[] Args, string Expected)>();
        foreach (var blank in new[] { "", "  " })
        {
            foreach (var command in AdminCommands.Append(["init"]).Append(["backup", "--to", Path.Combine(cwd, "b.db")]))
            {
                runs.Add((environment, [.. command, "--db", blank], "callbook: the database location is empty"));
                runs.Add((new Dictionary<string, string?>(environment) { ["CALLBOOK_DB"] = blank }, command, "callbook: the database location is empty"));
            }
            var port = CallbookProcess.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
            runs.Add((environment, ["serve", "--db", blank, "--urls", "http://127.0.0.1:" + port, "--no-demo"], "callbook: the database location is empty"));
            runs.Add((new Dictionary<string, string?>(environment) { ["Callbook__Db"] = blank }, ["serve", "--urls", "http://127.0.0.1:" + port, "--no-demo"], "callbook: the database location is empty"));
            runs.Add((environment, ["serve", "--db-read", blank, "--urls", "http://127.0.0.1:" + port, "--no-demo"], "callbook: the read standby location is empty"));
        }
        foreach (var (env, args, expected) in runs)
        {
            var (code, stdout, stderr) = await CallbookProcess.RunInAsync(cwd, env, args);
            Assert.True(code == 2, $"{string.Join(' ', args)}: exit code {code}, stderr {stderr}");
            Assert.Equal("", stdout);
            Assert.StartsWith(expected, Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
        }
        Assert.Equal(before, Directory.EnumerateFileSystemEntries(home, "*", SearchOption.AllDirectories).Order().ToList());
        Assert.Empty(Directory.EnumerateFileSystemEntries(cwd));
    }

    [Fact]
    public async Task AMistypedCommandIsRefusedInsteadOfStartingAServer()
    {
        var (home, cwd) = (NewFolder(), NewFolder());
        var environment = new Dictionary<string, string?> { ["XDG_DATA_HOME"] = home };
        foreach (var args in new[] { new[] { "bogus" }, ["phone", "check"], ["app", "list", "--db", "sqlite:x.db"] })
        {
            var (code, stdout, stderr) = await CallbookProcess.RunInAsync(cwd, environment, args);
            Assert.Equal(2, code);
            Assert.Equal("", stdout);
            Assert.StartsWith($"callbook: unknown command '{args[0]}'", Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
        }
        Assert.Empty(Directory.EnumerateFileSystemEntries(home));
        Assert.Empty(Directory.EnumerateFileSystemEntries(cwd));
    }

    [Fact]
    public async Task ARelativeDbIsNamedByItsFullPath()
    {
        var cwd = NewFolder();
        Assert.Equal(0, (await CallbookProcess.RunInAsync(cwd, null, "init", "--db", "sqlite:here/callbook.db")).ExitCode);
        var list = await CallbookProcess.RunInAsync(cwd, null, "apps", "list", "--db", "sqlite:here/callbook.db");
        Assert.Equal(0, list.ExitCode);
        Assert.Contains($"using SQLite file {Path.Combine(cwd, "here", "callbook.db")}", list.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServesFirstLogLineIsTheFullPathOfTheDatabase()
    {
        var db = TestDatabases.Create(Backends.Sqlite);
        await using var server = await CallbookProcess.ServeAsync(db, CallbookProcess.FreePort(), "--no-demo");
        var first = server.Output.Split('\n').First(l => l.StartsWith("info:", StringComparison.Ordinal) || l.StartsWith("warn:", StringComparison.Ordinal));
        Assert.EndsWith($"Database: SQLite file {db["sqlite:".Length..]} (new: created now)", first.TrimEnd(), StringComparison.Ordinal);
        Assert.Contains($"callbook: creating a new database: SQLite file {db["sqlite:".Length..]}", server.Output, StringComparison.Ordinal);
    }

    internal static string NewFolder()
    {
        var path = Path.Combine(Path.GetTempPath(), "callbook-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>serve meeting a database that does not answer, or a port in use, says so in one line (exit 2), without the host's stack trace.</summary>
    [Fact]
    public async Task ServeMeetsAnUnreachableDatabaseOrABusyPortWithOneLine()
    {
        var unreachable = await CallbookProcess.RunAsync("serve", "--db", $"Host=127.0.0.1;Port={CallbookProcess.FreePort()};Database=nowhere;Username=u;Timeout=3",
            "--urls", $"http://127.0.0.1:{CallbookProcess.FreePort()}", "--no-demo");
        Assert.Equal(2, unreachable.ExitCode);
        Assert.Contains("callbook: cannot use PostgreSQL database nowhere on 127.0.0.1", unreachable.Stderr, StringComparison.Ordinal);
        foreach (var output in new[] { unreachable.Stdout, unreachable.Stderr })
        {
            Assert.DoesNotContain("Hosting failed to start", output, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        }

        using var busy = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        busy.Start();
        var port = ((System.Net.IPEndPoint)busy.LocalEndpoint).Port;
        var taken = await CallbookProcess.RunAsync("serve", "--db", "sqlite:" + Path.Combine(NewFolder(), "callbook.db"), "--urls", $"http://127.0.0.1:{port}", "--no-demo");
        Assert.Equal(2, taken.ExitCode);
        Assert.Contains($"callbook: Failed to bind to address http://127.0.0.1:{port}", taken.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Hosting failed to start", taken.Stdout + taken.Stderr, StringComparison.Ordinal);
    }
}
