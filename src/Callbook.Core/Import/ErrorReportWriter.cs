using System.Text;
using Callbook.Errors;
using Callbook.Stores;

namespace Callbook.Import;

/// <summary>
/// The fixable error report of an import: a CSV with the file's own header plus an <c>error</c> column,
/// and each failed row's original cells plus its reasons, in the file's separator, UTF-8 with BOM (so
/// Excel opens it as UTF-8). Corrected, it can be imported again as it is (the <c>error</c> column is
/// ignored). Written to its stream as rows fail, so its size is not held in memory.
/// </summary>
public sealed class ErrorReportWriter : IImportRejects, IDisposable
{
    /// <summary>The column holding each row's reasons.</summary>
    public const string ErrorColumn = "error";

    private readonly StreamWriter writer;
    private readonly char separator;
    private readonly bool[] phoneColumn;

    public ErrorReportWriter(Stream output, IReadOnlyList<string> header, char separator)
    {
        writer = new StreamWriter(output, new UTF8Encoding(true), 64 * 1024, leaveOpen: true);
        this.separator = separator;
        // Phone cells are marked as text like the export's, so a spreadsheet opening the report keeps their digits.
        string[] phoneKeys = [ImportColumns.Key(ImportColumns.PhoneNumber), ImportColumns.Key(ImportColumns.CountryCode), ImportColumns.Key(ImportColumns.Extension)];
        phoneColumn = [.. header.Select(h => phoneKeys.Contains(ImportColumns.Key(h)))];
        WriteRow([.. header, ErrorColumn]);
    }

    /// <summary>How many failed rows were written.</summary>
    public long Rows { get; private set; }

    public void Add(ImportRow row, IReadOnlyList<ApiError> errors)
    {
        Rows++;
        var reasons = string.Join("; ", errors.Select(e => e.Field is null ? e.Msg : $"{e.Field}: {e.Msg}"));
        // The cells as read, text mark removed: WriteCell protects each again, exactly once.
        WriteRow([.. (row.Cells ?? []).Select((cell, i) => i < phoneColumn.Length && phoneColumn[i] ? SpreadsheetCells.UnprotectPhone(cell) : SpreadsheetCells.Unprotect(cell)), reasons], protectPhones: true);
    }

    /// <summary>Writes what is buffered; call before reading the output.</summary>
    public void Flush() => writer.Flush();

    public void Dispose() => writer.Dispose();

    private void WriteRow(IReadOnlyList<string> cells, bool protectPhones = false)
    {
        for (var i = 0; i < cells.Count; i++)
        {
            CsvContactWriter.WriteCell(writer, cells[i], i == cells.Count - 1 ? '\r' : separator, separator, phone: protectPhones && i < phoneColumn.Length && phoneColumn[i]);
        }
        writer.Write('\n');
    }
}
