using System.CommandLine;
using Callbook.Hosting;

namespace Callbook.Cli;

/// <summary>The command line of section 7: serve (default), init, token, apps, streams, webhooks, copy, backup; users (web console).</summary>
public static class CallbookCli
{
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
        root.Subcommands.Add(AdminCommands.Token());
        root.Subcommands.Add(AdminCommands.Apps());
        root.Subcommands.Add(AdminCommands.Streams());
        root.Subcommands.Add(WebhookCommands.Build());
        root.Subcommands.Add(CopyCommand.Build());
        root.Subcommands.Add(BackupCommand.Build());
        root.Subcommands.Add(UserCommands.Build());
        return root;
    }

    /// <summary>--db, shared by every command: sqlite:path or postgres://…; CALLBOOK_DB when absent.</summary>
    public static Option<string?> DbOption() => new("--db")
    {
        Description = "Database: sqlite:<path> (default sqlite:./data/callbook.db) or postgres://user:pass@host:port/db. Env: CALLBOOK_DB.",
    };

    private static Command ServeCommand()
    {
        var db = DbOption();
        var urls = new Option<string?>("--urls") { Description = "Listen addresses, default http://127.0.0.1:5080. Env: CALLBOOK_URLS." };
        var noDemo = new Option<bool>("--no-demo") { Description = "Do not create the demo tenant on an empty database." };
        // Tokens the CLI does not know (e.g. --environment=Development, or what WebApplicationFactory
        // passes) go on to the ASP.NET Core host as its own command-line configuration.
        var serve = new Command("serve", "Run the API (the default command).") { db, urls, noDemo };
        serve.TreatUnmatchedTokensAsErrors = false;
        serve.SetAction(async (parse, cancellationToken) =>
        {
            var settings = new ServeSettings(parse.GetValue(db), parse.GetValue(urls), parse.GetValue(noDemo));
            await using var app = CallbookServer.Build([.. parse.UnmatchedTokens], settings);
            await app.RunAsync(cancellationToken);
            return 0;
        });
        return serve;
    }
}
