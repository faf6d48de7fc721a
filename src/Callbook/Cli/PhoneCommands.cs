using System.CommandLine;
using static Callbook.Cli.AdminCommands;

namespace Callbook.Cli;

/// <summary>
/// <c>phones check</c>: the pairs of active contacts that hold one line under two stored forms, which
/// the start-up upgrade to canonical numbers left for the operator to decide (docs/phones.md).
/// Prints ids only, never the numbers.
/// </summary>
internal static class PhoneCommands
{
    public static Command Build()
    {
        var phones = new Command("phones", "Phone number maintenance.");
        var db = CallbookCli.DbOption();
        var check = new Command("check", "List active contacts of one stream holding the same line in two stored forms; exit code 1 when there are any.") { db };
        check.SetAction((parse, ct) => WithDatabaseAsync(parse.GetValue(db), async database =>
        {
            var pairs = await database.FindPhoneCollisionsAsync(ct);
            foreach (var pair in pairs)
            {
                Console.WriteLine($"stream {pair.StreamId}  canonical holder {pair.HolderId}  earlier form {pair.ContactId}");
            }
            Console.Error.WriteLine(pairs.Count == 0
                ? "No line is held by two active contacts."
                : $"{pairs.Count} line(s) held by two active contacts: merge, delete or correct one of each pair (nothing was changed).");
            return pairs.Count == 0 ? 0 : 1;
        }, ct));
        phones.Subcommands.Add(check);
        return phones;
    }
}
