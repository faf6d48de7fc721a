using System.CommandLine;
using System.Globalization;
using static Callbook.Cli.AdminCommands;

namespace Callbook.Cli;

/// <summary>
/// <c>contacts recount</c>: rebuilds every stream's contact counters (the exact <c>totalResults</c>
/// of lists) from the stored contacts. Counters go wrong only when something wrote contacts without
/// keeping them, e.g. a node of a version before migration 0014 left running after the upgrade
/// (docs/scaling.md). Prints stream ids and counts, never contact data.
/// </summary>
internal static class ContactCommands
{
    public static Command Build()
    {
        var contacts = new Command("contacts", "Contact maintenance.");
        var db = CallbookCli.DbOption();
        var recount = new Command("recount",
            "Rebuild every stream's contact counters (the exact list totals) from the stored contacts, in one transaction; " +
            "prints each stream that was wrong. Writers wait while it runs (about a second per million contacts).") { db };
        recount.SetAction((parse, ct) => WithDatabaseAsync(parse.GetValue(db), async database =>
        {
            var corrections = await database.ContactOperations.RecountAsync(ct);
            foreach (var c in corrections)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"stream {c.StreamId}  ACTIVE {c.ActiveBefore} -> {c.Active}  INACTIVE {c.InactiveBefore} -> {c.Inactive}"));
            }
            Console.Error.WriteLine(corrections.Count == 0
                ? "Every stream's counters matched its contacts."
                : $"Corrected the counters of {corrections.Count} stream(s).");
            return 0;
        }, ct));
        contacts.Subcommands.Add(recount);
        return contacts;
    }
}
