using System.CommandLine;
using Callbook.WebConsole;

namespace Callbook.Cli;

/// <summary>
/// users create, grant, list, remove, reset-password, unlock: the people who sign in to the web console
/// at /console. Removing a user or resetting their password ends their open sessions at their next request.
/// </summary>
internal static class UserCommands
{
    public static Command Build()
    {
        var users = new Command("users", "Manage web console users (sign in at /console).");
        users.Subcommands.Add(Create());
        users.Subcommands.Add(Grant());
        users.Subcommands.Add(List());
        users.Subcommands.Add(Remove());
        users.Subcommands.Add(ResetPassword());
        users.Subcommands.Add(Unlock());
        return users;
    }

    private static Command Create()
    {
        var db = CallbookCli.DbOption();
        var email = new Option<string>("--email") { Description = "The user's email: their sign-in name.", Required = true };
        var password = new Option<string?>("--password") { Description = $"At least {ConsolePasswords.MinLength} characters. Env: CALLBOOK_PASSWORD (keeps it out of the shell history)." };
        var command = new Command("create", "Create a console user; prints the user id (u-…), recorded on the changes they make.") { db, email, password };
        command.SetAction((parse, ct) => AdminCommands.WithDatabaseAsync(parse.GetValue(db), async database =>
        {
            var address = parse.GetValue(email)!.Trim();
            var secret = parse.GetValue(password) ?? Environment.GetEnvironmentVariable("CALLBOOK_PASSWORD");
            if (!address.Contains('@', StringComparison.Ordinal) || address.Length > 254)
            {
                return AdminCommands.Fail("--email must be an email address");
            }
            if (secret is null || secret.Length < ConsolePasswords.MinLength)
            {
                return AdminCommands.Fail(PasswordRule);
            }
            var user = await database.ConsoleUsers.CreateUserAsync(address, ConsolePasswords.Hash(secret), ct);
            if (user is null)
            {
                return AdminCommands.Fail($"a user with the email {address} exists already");
            }
            Console.WriteLine(user.Id);
            return 0;
        }, ct));
        return command;
    }

    private const string PasswordRule = "give a password of at least 8 characters with --password or CALLBOOK_PASSWORD";

    private static Command Remove()
    {
        var (db, email) = (CallbookCli.DbOption(), EmailOption());
        var command = new Command("remove", "Delete a console user and their grants; their open sessions end at their next request.") { db, email };
        command.SetAction((parse, ct) => WithUserAsync(parse, db, email, async (database, user) =>
        {
            await database.ConsoleUsers.RemoveUserAsync(user.Id, ct);
            Console.WriteLine($"removed {user.Id} {user.Email}");
            return 0;
        }, ct));
        return command;
    }

    private static Command ResetPassword()
    {
        var (db, email) = (CallbookCli.DbOption(), EmailOption());
        var password = new Option<string?>("--password") { Description = $"At least {ConsolePasswords.MinLength} characters. Env: CALLBOOK_PASSWORD." };
        var command = new Command("reset-password", "Set a console user's password and unlock them; every open session of theirs ends.") { db, email, password };
        command.SetAction((parse, ct) =>
        {
            var secret = parse.GetValue(password) ?? Environment.GetEnvironmentVariable("CALLBOOK_PASSWORD");
            if (secret is null || secret.Length < ConsolePasswords.MinLength)
            {
                return Task.FromResult(AdminCommands.Fail(PasswordRule));
            }
            return WithUserAsync(parse, db, email, async (database, user) =>
            {
                await database.ConsoleUsers.SetPasswordAsync(user.Id, ConsolePasswords.Hash(secret), ct);
                Console.WriteLine($"new password set for {user.Id} {user.Email}; their sessions have ended");
                return 0;
            }, ct);
        });
        return command;
    }

    private static Command Unlock()
    {
        var (db, email) = (CallbookCli.DbOption(), EmailOption());
        var command = new Command("unlock", "Lift a lock-out (five failed sign-ins) before it ends by itself.") { db, email };
        command.SetAction((parse, ct) => WithUserAsync(parse, db, email, async (database, user) =>
        {
            await database.ConsoleUsers.UnlockAsync(user.Id, ct);
            Console.WriteLine($"unlocked {user.Id} {user.Email}");
            return 0;
        }, ct));
        return command;
    }

    private static Option<string> EmailOption() => new("--email") { Description = "The user's email.", Required = true };

    /// <summary>Runs <paramref name="action"/> on the user named by --email; fails when there is none.</summary>
    private static Task<int> WithUserAsync(ParseResult parse, Option<string?> db, Option<string> email,
        Func<Stores.ICallbookDatabase, Stores.ConsoleUser, Task<int>> action, CancellationToken ct) =>
        AdminCommands.WithDatabaseAsync(parse.GetValue(db), async database =>
        {
            var address = parse.GetValue(email)!.Trim();
            var user = await database.ConsoleUsers.FindUserByEmailAsync(address, ct);
            return user is null ? AdminCommands.Fail($"no console user {address}") : await action(database, user);
        }, ct);

    private static Command Grant()
    {
        var db = CallbookCli.DbOption();
        var email = new Option<string>("--email") { Description = "The user's email.", Required = true };
        var account = new Option<string>("--account") { Description = "The account id: every stream of it, unless --stream narrows it.", Required = true };
        var stream = new Option<string?>("--stream") { Description = "Only this stream of the account." };
        var command = new Command("grant", "Let a console user see an account, or one stream of it.") { db, email, account, stream };
        command.SetAction((parse, ct) => AdminCommands.WithDatabaseAsync(parse.GetValue(db), async database =>
        {
            var user = await database.ConsoleUsers.FindUserByEmailAsync(parse.GetValue(email)!.Trim(), ct);
            if (user is null)
            {
                return AdminCommands.Fail($"no console user {parse.GetValue(email)}");
            }
            return await database.ConsoleUsers.GrantAsync(user.Id, parse.GetValue(account)!, parse.GetValue(stream), ct)
                ? 0
                : AdminCommands.Fail("unknown account or stream, or the stream is not in that account");
        }, ct));
        return command;
    }

    private static Command List()
    {
        var db = CallbookCli.DbOption();
        var command = new Command("list", "List console users and their grants (never their password hashes).") { db };
        command.SetAction((parse, ct) => AdminCommands.WithDatabaseAsync(parse.GetValue(db), async database =>
        {
            var now = DateTimeOffset.UtcNow;
            foreach (var user in await database.ConsoleUsers.ListUsersAsync(ct))
            {
                var grants = await database.ConsoleUsers.ListGrantsAsync(user.Id, ct);
                var access = grants.Count == 0 ? "no grants" : string.Join(", ", grants.Select(g => g.StreamId is null ? $"account {g.AccountId}" : $"stream {g.StreamId} (account {g.AccountId})"));
                var locked = user.LockedUntil > now ? "  LOCKED until " + user.LockedUntil.Value.ToString("u", System.Globalization.CultureInfo.InvariantCulture) : "";
                Console.WriteLine($"{user.Id}  {user.Email}  {access}{locked}");
            }
            return 0;
        }, ct));
        return command;
    }
}
