using System.CommandLine;
using System.Globalization;
using Callbook.Storage;
using Callbook.Storage.Copy;

namespace Callbook.Cli;

/// <summary><c>callbook copy --from sqlite:… --to postgres://…</c>: move an installation, with a progress bar and a count check.</summary>
internal static class CopyCommand
{
    public static Command Build()
    {
        var from = new Option<string>("--from") { Description = "The SQLite database to copy from: sqlite:<path>.", Required = true };
        var to = new Option<string>("--to") { Description = "The PostgreSQL database to copy to: postgres://user:pass@host:port/db or a connection string.", Required = true };
        var command = new Command("copy", "Copy every table and column (ids and timestamps unchanged) from SQLite to PostgreSQL. Safe to run again after an interruption.") { from, to };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var bar = new ProgressBar(Console.Error);
            IReadOnlyList<TableReport> reports;
            try
            {
                reports = await StoreCopy.CopyAsync(parse.GetValue(from)!, parse.GetValue(to)!, bar, cancellationToken);
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine(e.Message);
                return 2;
            }
            catch (InvalidOperationException e)
            {
                // The two schemas differ: this build's migrations are not the same on both backends.
                Console.Error.WriteLine("copy refused: " + e.Message);
                return 1;
            }
            bar.Finish();
            Console.WriteLine($"{"table",-18} {"source",12} {"copied now",12} {"in target",12}");
            foreach (var r in reports)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.Table,-18} {r.Source,12:N0} {r.Copied,12:N0} {r.Present,12:N0}{(r.Complete ? "" : "  MISSING ROWS")}"));
            }
            var complete = reports.All(r => r.Complete);
            Console.WriteLine(complete
                ? $"Count check passed: every row is in {CallbookDatabases.Redact(parse.GetValue(to)!)}."
                : "Count check FAILED: some rows are not in the target (a phone number already held there by another contact?).");
            return complete ? 0 : 1;
        });
        return command;
    }

    /// <summary>A one-line bar redrawn in place: "contacts  [#########-----------]  45%  450,000 / 1,000,000".</summary>
    private sealed class ProgressBar(TextWriter output) : IProgress<CopyProgress>
    {
        private const int Width = 30;
        private string? lastLine;

        public void Report(CopyProgress value)
        {
            var share = value.Total == 0 ? 1.0 : (double)value.Done / value.Total;
            var filled = (int)Math.Round(share * Width);
            var line = string.Create(CultureInfo.InvariantCulture,
                $"{value.Table,-18} [{new string('#', filled)}{new string('-', Width - filled)}] {share,4:P0}  {value.Done:N0} / {value.Total:N0}");
            if (line == lastLine)
            {
                return;
            }
            var newTable = lastLine is not null && !lastLine.StartsWith(value.Table + " ", StringComparison.Ordinal);
            output.Write((newTable ? "\n" : "\r") + line);
            lastLine = line;
        }

        public void Finish() => output.WriteLine();
    }
}
