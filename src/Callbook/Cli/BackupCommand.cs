using System.CommandLine;
using System.Globalization;
using Callbook.Hosting;
using Callbook.Storage;
using Callbook.Storage.Sqlite;

namespace Callbook.Cli;

/// <summary>
/// <c>callbook backup --to FILE</c>: a consistent, verified copy of a SQLite database, safe while
/// <c>serve</c> runs and writes; for PostgreSQL it prints the <c>pg_dump</c> command to use instead.
/// </summary>
internal static class BackupCommand
{
    public static Command Build()
    {
        var db = CallbookCli.DbOption();
        var to = new Option<string>("--to") { Description = "The backup file to write (must not exist).", Required = true };
        var command = new Command("backup", "Copy a live SQLite database to FILE (online backup API, one snapshot), check it (integrity_check, row counts) and print what was written. For PostgreSQL: prints the pg_dump command.") { db, to };
        command.SetAction(async (parse, cancellationToken) =>
        {
            // The same resolution as serve and every admin command (CallbookHost), without opening the database.
            var configured = parse.GetValue(db);
            var resolved = DatabaseLocation.Resolve(CallbookHost.CreateBuilder([], configured is null ? new Dictionary<string, string?>() : new() { ["Callbook:Db"] = configured }).Configuration);
            var location = resolved.Value;
            var target = parse.GetValue(to)!;
            if (CallbookDatabases.IsPostgres(location))
            {
                ExplainPostgres(location, target);
                return 2;
            }
            if (!location.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase))
            {
                return AdminCommands.Fail($"unknown database location '{CallbookDatabases.Redact(location)}': expected sqlite:<path> or postgres://…");
            }
            BackupReport report;
            try
            {
                report = await SqliteBackup.CreateAsync(location["sqlite:".Length..], target, cancellationToken);
            }
            catch (Exception e) when (e is ArgumentException or InvalidDataException or Microsoft.Data.Sqlite.SqliteException or IOException)
            {
                return AdminCommands.Fail("backup failed: " + e.Message);
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Backed up {location} to {Path.GetFullPath(report.Path)} ({report.Bytes:N0} bytes): integrity_check ok, row counts equal to the source snapshot."));
            foreach (var (table, rows) in report.Tables)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {table,-20} {rows,12:N0}"));
            }
            Console.WriteLine($"Keep a copy of the key ring too ({resolved.KeysPath}): app and webhook secrets are encrypted with it.");
            Console.WriteLine("Restore: stop serve, replace the database file with the backup, delete any -wal and -shm file beside it, start serve.");
            return 0;
        });
        return command;
    }

    private static void ExplainPostgres(string location, string target)
    {
        var shown = CallbookDatabases.Redact(location);
        Console.WriteLine("This is a PostgreSQL database: back it up with PostgreSQL's own tool, which reads one consistent snapshot while Callbook serves:");
        Console.WriteLine($"  pg_dump --format=custom --file='{target}' '{shown}'");
        Console.WriteLine("Restore into an empty database (then start serve on it):");
        Console.WriteLine($"  pg_restore --no-owner --dbname='<empty database URL>' '{target}'");
        Console.WriteLine("Keep a copy of the key ring too (CALLBOOK_KEYS): app and webhook secrets are encrypted with it.");
    }
}
