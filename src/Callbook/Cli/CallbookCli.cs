using System.CommandLine;
using Callbook.Hosting;

namespace Callbook.Cli;

/// <summary>The command line of section 7: serve (default), init, token, apps, streams, webhooks, copy, backup; users (web console).</summary>
public static partial class CallbookCli
{
    /// <summary>
    /// Parses and runs a command. A configuration fault (a bad --db, a database that is missing or
    /// unreachable, a key ring that does not fit) ends with one line on standard error and exit code
    /// 2, never a stack trace.
    /// </summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var root = Build();
        // The root runs serve and lets its unknown options through to the host, so a mistyped command
        // ("callbook phone check") would otherwise start a server on a new database.
        if (args.Length > 0 && !args[0].StartsWith('-') && !root.Subcommands.Any(c => c.Name == args[0]))
        {
            await Console.Error.WriteLineAsync($"callbook: unknown command '{args[0]}': the commands are {string.Join(", ", root.Subcommands.Select(c => c.Name))} (callbook --help)");
            return 2;
        }
        try
        {
            var parse = root.Parse(args);
            // Only serve hands unknown tokens on (to the host); an admin command that met one would
            // otherwise act without it, e.g. `webhooks delete --stream …` deleting by id alone.
            if (parse.CommandResult.Command is { } command && command != root && command.Name != "serve" && parse.UnmatchedTokens.Count > 0)
            {
                var path = string.Join(' ', parse.CommandResult.Command.Parents.OfType<Command>().Where(c => c != root).Reverse().Select(c => c.Name).Append(command.Name));
                await Console.Error.WriteLineAsync($"callbook: '{parse.UnmatchedTokens[0]}' is not an option of '{path}' (callbook {path} --help)");
                return 2;
            }
            // serve hands on only host settings (--environment=Development, --Callbook:Limits:ImportRows=5,
            // what WebApplicationFactory passes); a mistyped option (--dbb …) would otherwise be a setting
            // nobody reads, and serve would run on the default database.
            if (parse.UnmatchedTokens.FirstOrDefault(t => !IsHostSetting(t)) is { } unknown)
            {
                await Console.Error.WriteLineAsync($"callbook: '{unknown}' is not an option of 'serve' (callbook serve --help; a setting is --Section:Key=value)");
                return 2;
            }
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (CliHost.Describe(e) is { } message)
        {
            await Console.Error.WriteLineAsync("callbook: " + message);
            return 2;
        }
    }

    /// <summary>The host's own command-line keys (ASP.NET Core's WebHostDefaults and HostDefaults).</summary>
    private static readonly HashSet<string> HostKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "environment", "contentRoot", "applicationName", "webroot", "urls", "http_ports", "https_ports", "hostingStartupAssemblies", "hostingStartupExcludeAssemblies",
        "preventHostingStartup", "detailedErrors", "shutdownTimeoutSeconds", "suppressStatusMessages", "captureStartupErrors",
    };

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Z][A-Z0-9_]*$")]
    private static partial System.Text.RegularExpressions.Regex EnvironmentStyleKey();

    /// <summary>A token serve hands to the host: --Key=value (or /Key=value) where Key is a host key or a configuration path (Section:Key).</summary>
    private static bool IsHostSetting(string token)
    {
        var body = token.StartsWith("--", StringComparison.Ordinal) ? token[2..] : token.StartsWith('/') ? token[1..] : null;
        var equals = body?.IndexOf('=', StringComparison.Ordinal) ?? -1;
        if (equals <= 0)
        {
            return false;
        }
        var key = body![..equals];
        // "Callbook" alone: a test host hands every key of its configuration on, sections included (--Callbook=);
        // an environment-style key (OTEL_EXPORTER_OTLP_ENDPOINT, Callbook__Db) is a setting as well.
        return HostKeys.Contains(key) || key.Contains(':', StringComparison.Ordinal) || key.Contains("__", StringComparison.Ordinal) ||
               key.Equals("Callbook", StringComparison.OrdinalIgnoreCase) || EnvironmentStyleKey().IsMatch(key);
    }

    public static RootCommand Build()
    {
        var root = new RootCommand("Callbook: a self-hosted contacts service for contact centers.");
        var serve = ServeCommand();
        foreach (var option in serve.Options)
        {
            root.Options.Add(option);
        }
        root.Action = serve.Action;
        root.TreatUnmatchedTokensAsErrors = false;
        root.Subcommands.Add(serve);
        root.Subcommands.Add(AdminCommands.Init());
        root.Subcommands.Add(TokenCommand.Build());
        root.Subcommands.Add(AppCommands.Build());
        root.Subcommands.Add(StreamCommands.Build());
        root.Subcommands.Add(PhoneCommands.Build());
        root.Subcommands.Add(ContactCommands.Build());
        root.Subcommands.Add(WebhookCommands.Build());
        root.Subcommands.Add(CopyCommand.Build());
        root.Subcommands.Add(BackupCommand.Build());
        root.Subcommands.Add(UserCommands.Build());
        return root;
    }

    /// <summary>--db, shared by every command: sqlite:path or postgres://…; CALLBOOK_DB when absent.</summary>
    public static Option<string?> DbOption() => new("--db")
    {
        Description = "Database: sqlite:<path> or postgres://user:pass@host:port/db; default: Callbook__Db, then CALLBOOK_DB, then callbook.db in the user's data directory (~/.local/share/callbook on Linux).",
    };

    private static Command ServeCommand()
    {
        var db = DbOption();
        var dbRead = new Option<string?>("--db-read")
        {
            Description = "PostgreSQL standbys for lookups, lists, search, exports and history: Host=standby1,standby2;Username=…;Database=… (load-balanced, prefer-standby); the primary (--db) when none answers. Default: Callbook__DbRead, then CALLBOOK_DB_READ.",
        };
        var urls = new Option<string?>("--urls") { Description = "Listen addresses, default http://127.0.0.1:5080. Env: CALLBOOK_URLS." };
        var noDemo = new Option<bool>("--no-demo") { Description = "Never create the demo tenant." };
        var demo = new Option<bool>("--demo") { Description = "Create the demo tenant on an empty database even when the output is not a terminal or the database is PostgreSQL (its secret is printed to standard output)." };
        // Tokens the CLI does not know (e.g. --environment=Development, or what WebApplicationFactory
        // passes) go on to the ASP.NET Core host as its own command-line configuration.
        var serve = new Command("serve", "Run the API (the default command).") { db, dbRead, urls, noDemo, demo };
        serve.TreatUnmatchedTokensAsErrors = false;
        serve.SetAction(async (parse, cancellationToken) =>
        {
            var settings = new ServeSettings(parse.GetValue(db), parse.GetValue(urls), parse.GetValue(noDemo), parse.GetValue(demo), parse.GetValue(dbRead));
            await using var app = CallbookServer.Build([.. parse.UnmatchedTokens], settings);
            // Resolved now, so a location that cannot work is one line (exit code 2) before anything starts.
            var location = app.Services.GetRequiredService<DatabaseLocation>();
            try
            {
                await app.RunAsync(cancellationToken);
            }
            catch (Exception e) when (e is Npgsql.NpgsqlException or Microsoft.Data.Sqlite.SqliteException)
            {
                throw new CliException($"cannot use {location.Description}: {e.Message.ReplaceLineEndings(" ").Trim()}", e);
            }
            return 0;
        });
        return serve;
    }
}
