using System.CommandLine;
using System.Text.Json;
using Callbook.Storage;
using Callbook.Tenancy;

namespace Callbook.Cli;

/// <summary>init and streams, and what every administration command shares: administration straight on the database.</summary>
internal static class AdminCommands
{
    private static readonly JsonSerializerOptions Pretty = new() { WriteIndented = true };

    public static Command Init()
    {
        var db = CallbookCli.DbOption();
        var json = new Option<bool>("--json") { Description = "Print the result as JSON." };
        var name = new Option<string>("--name") { Description = "Name of the org, account, stream and app.", DefaultValueFactory = _ => "Callbook" };
        var command = new Command("init", "Create an org, account, stream, user and app with the Configuration scope; print their ids and the client secret.") { db, json, name };
        command.SetAction((parse, ct) => WithDatabaseAsync(parse.GetValue(db), async database =>
        {
            var setup = await database.Tenancy.CreateTenantAsync(parse.GetValue(name)!, ct);
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
        }, ct));
        return command;
    }

    public static Command Streams()
    {
        var streams = new Command("streams", "Manage streams (bots / instances).");
        var db = CallbookCli.DbOption();
        var account = new Option<string>("--account") { Description = "The account id.", Required = true };
        var name = new Option<string>("--name") { Description = "A name for the stream.", DefaultValueFactory = _ => "stream" };
        var grant = new Option<string[]>("--grant") { Description = "Grant the Configuration scope on the new stream to this app (repeatable).", AllowMultipleArgumentsPerToken = true };
        var create = new Command("create", "Create a stream in an account; prints its id.") { db, account, name, grant };
        create.SetAction((parse, ct) => WithDatabaseAsync(parse.GetValue(db), async database =>
        {
            var accountId = parse.GetValue(account)!;
            if (await database.Tenancy.FindAccountOrgAsync(accountId, ct) is null)
            {
                return Fail($"no account {accountId}");
            }
            var stream = await database.Tenancy.CreateStreamAsync(accountId, parse.GetValue(name)!, ct);
            foreach (var app in parse.GetValue(grant) ?? [])
            {
                if (!await database.Tenancy.GrantScopeAsync(app, stream.StreamId, Scopes.Configuration, ct))
                {
                    return Fail($"stream {stream.StreamId} was created, but app {app} is not in account {accountId}");
                }
            }
            Console.WriteLine(stream.StreamId);
            return 0;
        }, ct));

        var listDb = CallbookCli.DbOption();
        var listAccount = new Option<string?>("--account") { Description = "Only this account's streams." };
        var list = new Command("list", "List streams.") { listDb, listAccount };
        list.SetAction((parse, ct) => WithDatabaseAsync(parse.GetValue(listDb), async database =>
        {
            foreach (var stream in await database.Tenancy.ListStreamsAsync(parse.GetValue(listAccount), ct))
            {
                Console.WriteLine($"{stream.StreamId}  account {stream.AccountId}  {stream.Name}");
            }
            return 0;
        }, ct));
        streams.Subcommands.Add(create);
        streams.Subcommands.Add(list);
        return streams;
    }

    /// <summary>--db, else CALLBOOK_DB, else the embedded default.</summary>
    internal static string Location(string? db) => db ?? Environment.GetEnvironmentVariable("CALLBOOK_DB") ?? CallbookDatabases.DefaultLocation;

    /// <summary>The key ring <c>serve</c> uses for this database, which encrypts app and webhook secrets at rest.</summary>
    internal static Hosting.DataProtectionSecrets SecretsFor(string location) =>
        Hosting.DataProtectionSecrets.ForFolder(Environment.GetEnvironmentVariable("CALLBOOK_KEYS") ?? Hosting.DataProtectionSecrets.DefaultKeysPath(location));

    internal static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        return 1;
    }

    internal static async Task<T> WithDatabaseAsync<T>(string? db, Func<ICallbookDatabase, Task<T>> work, CancellationToken cancellationToken)
    {
        var location = Location(db);
        await using var database = CallbookDatabases.Open(location, TimeProvider.System, SecretsFor(location));
        await database.MigrateAsync(cancellationToken);
        return await work(database);
    }
}
