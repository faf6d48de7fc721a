using System.Text;
using Callbook.Contacts;

namespace Callbook.Import;

/// <summary>
/// Writes contacts as CSV in the import format (<see cref="ImportColumns.Contact"/>, plus <c>status</c>
/// when inactive contacts are included), row by row, so any size is written in constant memory. Cells
/// a spreadsheet would evaluate and every phone cell go through <see cref="SpreadsheetCells.Protect"/>,
/// so the file opens safely and its numbers stay text; export → import gives the same contacts.
/// UTF-8 with a BOM, as Excel needs to read it as UTF-8 (without one it assumes the ANSI code page and
/// shows "José" as "JosÃ©"); the import skips the BOM. Used by the API's export and the web console's download.
/// </summary>
public static class CsvContactWriter
{
    /// <param name="withStatus">Adds the <c>status</c> column (an export that includes inactive contacts).</param>
    public static async Task<long> WriteAsync(Stream output, IAsyncEnumerable<Contact> contacts, bool withStatus, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(true), 64 * 1024, leaveOpen: true);
        var header = withStatus ? [.. ImportColumns.Contact, ImportColumns.Status] : ImportColumns.Contact;
        await writer.WriteAsync(string.Join(',', header) + "\r\n");
        var rows = 0L;
        await foreach (var contact in contacts.WithCancellation(cancellationToken))
        {
            var f = contact.Fields;
            WriteCell(writer, f.FirstName, ',');
            WriteCell(writer, f.LastName, ',');
            WriteCell(writer, f.Salutation, ',');
            WriteCell(writer, f.CellPhone.PhoneNumber, ',', phone: true);
            WriteCell(writer, f.CellPhone.CountryCode, ',', phone: true);
            if (withStatus)
            {
                WriteCell(writer, f.CellPhone.Extension, ',', phone: true);
                writer.Write(contact.Status.ToWire());
                writer.Write('\r');
            }
            else
            {
                WriteCell(writer, f.CellPhone.Extension, '\r', phone: true);
            }
            writer.Write('\n');
            // Flushed before the 64 K-char buffer fills: a full buffer would be written synchronously, which
            // an HTTP response refuses. 100 rows are at most ~52 K chars (every cell at its limit, all quotes).
            if (++rows % 100 == 0)
            {
                await writer.FlushAsync(cancellationToken);
            }
        }
        await writer.FlushAsync(cancellationToken);
        return rows;
    }

    /// <summary>
    /// One cell, protected (<see cref="SpreadsheetCells.Protect"/>, phone cells <see cref="SpreadsheetCells.ProtectPhone"/>),
    /// then quoted per RFC 4180 when it holds the separator, a quote, a line break or edge spaces that a reader would trim.
    /// </summary>
    public static void WriteCell(TextWriter writer, string value, char after, char separator = ',', bool phone = false)
    {
        value = phone ? SpreadsheetCells.ProtectPhone(value) : SpreadsheetCells.Protect(value);
        if (value.AsSpan().IndexOfAny(separator, '"', '\r') >= 0 || value.Contains('\n', StringComparison.Ordinal) ||
            (value.Length > 0 && (char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1]))))
        {
            writer.Write('"');
            writer.Write(value.Replace("\"", "\"\"", StringComparison.Ordinal));
            writer.Write('"');
        }
        else
        {
            writer.Write(value);
        }
        writer.Write(after);
    }
}
