using System.CommandLine;
using Callbook.Phones;
using Callbook.Tenancy;
using static Callbook.Cli.AdminCommands;

namespace Callbook.Cli;

/// <summary><c>streams create|update|list</c>: streams (bots / instances) and their default country.</summary>
internal static class StreamCommands
{
    public static Command Build()
    {
        var streams = new Command("streams", "Manage streams (bots / instances).");
        streams.Subcommands.Add(Create());
        streams.Subcommands.Add(Update());
        streams.Subcommands.Add(List());
        return streams;
    }

    private static Option<string?> DefaultCountryOption() => new("--default-country-code")
    {
        Description = "The country whose national numbers the caller lookup without countryCode, console search and console forms read, e.g. +46 ('none' removes it).",
    };

    private static Command Create()
    {
        var db = CallbookCli.DbOption();
        var account = new Option<string>("--account") { Description = "The account id.", Required = true };
        var name = new Option<string>("--name") { Description = "A name for the stream.", DefaultValueFactory = _ => "stream" };
        var grant = new Option<string[]>("--grant") { Description = "Grant the Configuration scope on the new stream to this app (repeatable).", AllowMultipleArgumentsPerToken = true };
        var country = DefaultCountryOption();
        var create = new Command("create", "Create a stream in an account; prints its id.") { db, account, name, grant, country };
        create.SetAction((parse, ct) =>
        {
            if (!TryReadCountry(parse.GetValue(country), out var defaultCountry, out var error))
            {
                return Task.FromResult(Fail(error));
            }
            return WithDatabaseAsync(parse.GetValue(db), async database =>
            {
                var accountId = parse.GetValue(account)!;
                if (await database.Tenancy.FindAccountOrgAsync(accountId, ct) is null)
                {
                    return Fail($"no account {accountId}");
                }
                var stream = await database.Tenancy.CreateStreamAsync(accountId, parse.GetValue(name)!, defaultCountry, ct);
                foreach (var app in parse.GetValue(grant) ?? [])
                {
                    if (!await database.Tenancy.GrantScopeAsync(app, stream.StreamId, Scopes.Configuration, ct))
                    {
                        return Fail($"stream {stream.StreamId} was created, but app {app} is not in account {accountId}");
                    }
                }
                Console.WriteLine(stream.StreamId);
                return 0;
            }, ct);
        });
        return create;
    }

    private static Command Update()
    {
        var db = CallbookCli.DbOption();
        var stream = new Option<string>("--stream") { Description = "The stream id.", Required = true };
        var country = DefaultCountryOption();
        country.Required = true;
        var update = new Command("update", "Change a stream's settings.") { db, stream, country };
        update.SetAction((parse, ct) =>
        {
            if (!TryReadCountry(parse.GetValue(country), out var defaultCountry, out var error))
            {
                return Task.FromResult(Fail(error));
            }
            return WithDatabaseAsync(parse.GetValue(db), async database =>
            {
                var id = parse.GetValue(stream)!;
                if (!await database.Tenancy.SetDefaultCountryCodeAsync(id, defaultCountry, ct))
                {
                    return Fail($"no stream {id}");
                }
                Console.WriteLine($"{id}  default country {defaultCountry ?? "none"}");
                return 0;
            }, ct);
        });
        return update;
    }

    private static Command List()
    {
        var db = CallbookCli.DbOption();
        var account = new Option<string?>("--account") { Description = "Only this account's streams." };
        var list = new Command("list", "List streams.") { db, account };
        list.SetAction((parse, ct) => WithDatabaseAsync(parse.GetValue(db), async database =>
        {
            foreach (var stream in await database.Tenancy.ListStreamsAsync(parse.GetValue(account), ct))
            {
                Console.WriteLine($"{stream.StreamId}  account {stream.AccountId}  {stream.Name}  default country {stream.DefaultCountryCode ?? "none"}");
            }
            return 0;
        }, ct));
        return list;
    }

    /// <summary>"+46", "46" or "none"/absent; the stored form is "+46".</summary>
    private static bool TryReadCountry(string? text, out string? code, out string error)
    {
        code = null;
        error = "";
        if (text is null || text.Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        if (CanonicalPhone.ReadCountryCode(text, "--default-country-code", out var value) is { } problem)
        {
            error = problem.Msg;
            return false;
        }
        code = CanonicalPhone.FormatCountryCode(value);
        return true;
    }
}
