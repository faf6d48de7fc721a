using System.CommandLine;
using System.Text.Json;
using Callbook.Stores;

namespace Callbook.Cli;

/// <summary>init, and what every administration command shares (apps: <see cref="AppCommands"/>, token: <see cref="TokenCommand"/>, streams: <see cref="StreamCommands"/>).</summary>
internal static class AdminCommands
{
    private static readonly JsonSerializerOptions Pretty = new() { WriteIndented = true };

    public static Command Init()
    {
        var db = CallbookCli.DbOption();
        var json = new Option<bool>("--json") { Description = "Print the result as JSON." };
        var name = new Option<string>("--name") { Description = "Name of the org, account, stream and app.", DefaultValueFactory = _ => "Callbook" };
        var command = new Command("init", "Create an org, account, stream, user and app with the Configuration scope; print their ids and the client secret.") { db, json, name };
        command.SetAction((parse, ct) => CliHost.WithDatabaseAsync(parse.GetValue(db), async cli =>
        {
            var setup = await cli.Database.Tenancy.CreateTenantAsync(parse.GetValue(name)!, ct);
            var result = new Dictionary<string, string>
            {
                ["orgId"] = setup.OrgId,
                ["accountId"] = setup.AccountId,
                ["streamId"] = setup.StreamId,
                ["userId"] = setup.UserId,
                ["clientId"] = setup.ClientId,
                ["appActorId"] = setup.ActorId,
                ["clientSecret"] = setup.ClientSecret,
            };
            Console.WriteLine(parse.GetValue(json)
                ? JsonSerializer.Serialize(result, Pretty)
                : string.Join(Environment.NewLine, result.Select(p => $"{p.Key}: {p.Value}")));
            return 0;
        }, ct, mayCreate: true));
        return command;
    }

    internal static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        return 1;
    }

    /// <summary>Runs an admin command on the database <c>serve</c> would use (see <see cref="CliHost"/>); it must exist.</summary>
    internal static Task<T> WithDatabaseAsync<T>(string? db, Func<ICallbookDatabase, Task<T>> work, CancellationToken cancellationToken) =>
        CliHost.WithDatabaseAsync(db, cli => work(cli.Database), cancellationToken);
}
