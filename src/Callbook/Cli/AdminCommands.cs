using System.CommandLine;
using System.Text.Json;
using Callbook.Api.Auth;
using Callbook.Storage;
using Callbook.Tenancy;

namespace Callbook.Cli;

/// <summary>init, token and apps: administration straight on the database (streams: <see cref="StreamCommands"/>).</summary>
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

    public static Command Token()
    {
        var db = CallbookCli.DbOption();
        var clientId = new Option<string>("--client-id") { Description = "The app's client id (cs-…).", Required = true };
        var secret = new Option<string?>("--secret") { Description = "The client secret; read from the database when absent." };
        var minutes = new Option<int>("--expires-in") { Description = "Lifetime in minutes.", DefaultValueFactory = _ => 60 };
        var hs512 = new Option<bool>("--hs512") { Description = "Sign with HS512 instead of HS256." };
        var jti = new Option<bool>("--jti") { Description = "Add a random jti claim (needed by apps that enforce jti)." };
        var command = new Command("token", "Print a signed JWT for an app.") { db, clientId, secret, minutes, hs512, jti };
        command.SetAction(async (parse, ct) =>
        {
            var id = parse.GetValue(clientId)!;
            var key = parse.GetValue(secret);
            if (key is null)
            {
                var found = await WithDatabaseAsync(parse.GetValue(db), async database => await database.Tenancy.FindAppAsync(id, ct), ct);
                if (found is null)
                {
                    Console.Error.WriteLine($"no app {id} in this database");
                    return 1;
                }
                key = found.Secret;
            }
            Console.WriteLine(Tokens.Issue(id, key, TimeSpan.FromMinutes(parse.GetValue(minutes)), DateTimeOffset.UtcNow,
                parse.GetValue(hs512), parse.GetValue(jti) ? Guid.NewGuid().ToString("N") : null));
            return 0;
        });
        return command;
    }

    public static Command Apps()
    {
        var apps = new Command("apps", "Manage apps (JWT clients).");

        var db = CallbookCli.DbOption();
        var account = new Option<string>("--account") { Description = "The account id.", Required = true };
        var name = new Option<string>("--name") { Description = "A name for the app.", DefaultValueFactory = _ => "app" };
        var streams = new Option<string[]>("--stream") { Description = "Grant the Configuration scope on this stream (repeatable).", AllowMultipleArgumentsPerToken = true };
        var hs512 = new Option<bool>("--allow-hs512") { Description = "Accept HS512 tokens as well as HS256." };
        var enforceJti = new Option<bool>("--enforce-jti") { Description = "Require a jti claim and accept each jti once." };
        var create = new Command("create", "Create an app; prints its ids and secret as JSON.") { db, account, name, streams, hs512, enforceJti };
        create.SetAction((parse, ct) => WithDatabaseAsync(parse.GetValue(db), async database =>
        {
            var accountId = parse.GetValue(account)!;
            if (await database.Tenancy.FindAccountOrgAsync(accountId, ct) is null)
            {
                return Fail($"no account {accountId}");
            }
            try
            {
                var app = await database.Tenancy.CreateAppAsync(new NewApp(accountId, parse.GetValue(name)!, Secrets.NewClientSecret(),
                    parse.GetValue(hs512), parse.GetValue(enforceJti), parse.GetValue(streams) ?? []), ct);
                Console.WriteLine(JsonSerializer.Serialize(new { clientId = app.ClientId, appActorId = app.ActorId, userId = app.UserId, accountId = app.AccountId, clientSecret = app.Secret }, Pretty));
                return 0;
            }
            catch (InvalidOperationException e)
            {
                return Fail(e.Message);
            }
        }, ct));

        var listDb = CallbookCli.DbOption();
        var listAccount = new Option<string?>("--account") { Description = "Only this account's apps." };
        var list = new Command("list", "List apps (never their secrets).") { listDb, listAccount };
        list.SetAction((parse, ct) => WithDatabaseAsync(parse.GetValue(listDb), async database =>
        {
            foreach (var app in await database.Tenancy.ListAppsAsync(parse.GetValue(listAccount), ct))
            {
                var limits = app.RatePerMinute is null && app.RatePerHour is null ? "default limits" : $"limits {app.RatePerMinute?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "default"}/min {app.RatePerHour?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "default"}/h";
                Console.WriteLine($"{app.ClientId}  account {app.AccountId}  actor {app.ActorId}  {(app.IsRevoked ? "REVOKED" : "active")}  {limits}  {app.Name}");
            }
            return 0;
        }, ct));

        apps.Subcommands.Add(create);
        apps.Subcommands.Add(list);
        apps.Subcommands.Add(AppChange("revoke", "Revoke an app: its tokens are refused from now on.", (t, id, ct) => t.RevokeAppAsync(id, ct), id => $"revoked {id}"));
        apps.Subcommands.Add(RotateSecret());
        apps.Subcommands.Add(SetLimits());
        apps.Subcommands.Add(Grant());
        return apps;
    }

    private static Command RotateSecret()
    {
        var db = CallbookCli.DbOption();
        var clientId = new Option<string>("--client-id") { Description = "The app's client id.", Required = true };
        var grace = new Option<int>("--grace-minutes") { Description = "How long the old secret still verifies tokens (0: not at all).", DefaultValueFactory = _ => 60 };
        var command = new Command("rotate-secret", "Give an app a new client secret (printed once); the old one keeps working for the grace period.") { db, clientId, grace };
        command.SetAction((parse, ct) => WithDatabaseAsync(parse.GetValue(db), async database =>
        {
            var id = parse.GetValue(clientId)!;
            var secret = Secrets.NewClientSecret();
            var until = DateTimeOffset.UtcNow.AddMinutes(Math.Max(0, parse.GetValue(grace)));
            if (!await database.Tenancy.RotateSecretAsync(id, secret, until, ct))
            {
                return Fail($"no app {id}");
            }
            Console.WriteLine(JsonSerializer.Serialize(new { clientId = id, clientSecret = secret, previousSecretValidUntil = until.ToString("O", System.Globalization.CultureInfo.InvariantCulture) }, Pretty));
            return 0;
        }, ct));
        return command;
    }

    private static Command SetLimits()
    {
        var db = CallbookCli.DbOption();
        var clientId = new Option<string>("--client-id") { Description = "The app's client id.", Required = true };
        var perMinute = new Option<int?>("--per-minute") { Description = "Requests a minute per stream (absent: the service default)." };
        var perHour = new Option<int?>("--per-hour") { Description = "Requests an hour per stream (absent: the service default)." };
        var command = new Command("set-limits", "Set an app's own rate limits (per stream); they apply from the next request.") { db, clientId, perMinute, perHour };
        command.SetAction((parse, ct) => WithDatabaseAsync(parse.GetValue(db), async database =>
        {
            var (minute, hour) = (parse.GetValue(perMinute), parse.GetValue(perHour));
            if (minute is < 1 || hour is < 1)
            {
                return Fail("limits must be at least 1");
            }
            var id = parse.GetValue(clientId)!;
            return await database.Tenancy.SetRateLimitsAsync(id, minute, hour, ct) ? 0 : Fail($"no app {id}");
        }, ct));
        return command;
    }

    private static Command Grant()
    {
        var db = CallbookCli.DbOption();
        var clientId = new Option<string>("--client-id") { Description = "The app's client id.", Required = true };
        var stream = new Option<string>("--stream") { Description = "A stream of the app's account.", Required = true };
        var command = new Command("grant", "Grant an app the Configuration scope on a stream of its account.") { db, clientId, stream };
        command.SetAction((parse, ct) => WithDatabaseAsync(parse.GetValue(db), async database =>
            await database.Tenancy.GrantScopeAsync(parse.GetValue(clientId)!, parse.GetValue(stream)!, Scopes.Configuration, ct)
                ? 0
                : Fail("unknown app or stream, or they belong to different accounts"), ct));
        return command;
    }

    private static Command AppChange(string name, string description, Func<ITenancyStore, string, CancellationToken, Task<bool>> change, Func<string, string> done)
    {
        var db = CallbookCli.DbOption();
        var clientId = new Option<string>("--client-id") { Description = "The app's client id.", Required = true };
        var command = new Command(name, description) { db, clientId };
        command.SetAction((parse, ct) => WithDatabaseAsync(parse.GetValue(db), async database =>
        {
            var id = parse.GetValue(clientId)!;
            if (!await change(database.Tenancy, id, ct))
            {
                return Fail($"no app {id}");
            }
            Console.WriteLine(done(id));
            return 0;
        }, ct));
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
