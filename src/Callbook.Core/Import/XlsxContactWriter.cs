using System.IO.Compression;
using Callbook.Contacts;
using MiniExcelLibs;

namespace Callbook.Import;

/// <summary>
/// Writes contacts as an Excel workbook (one sheet, the import columns, <c>status</c> when inactive
/// contacts are included) with MiniExcel. Every cell is a text cell, so phone numbers and country
/// codes open as text and a name starting with <c>=</c> is text, not a formula. The workbook is built
/// row by row in a temporary file, then copied to the output. Line breaks in cells are kept exactly:
/// a CR is written as the character reference <c>&amp;#13;</c> (see <see cref="KeepCarriageReturns"/>).
/// </summary>
public static class XlsxContactWriter
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static async Task WriteAsync(Stream output, IAsyncEnumerable<Contact> contacts, bool withStatus, CancellationToken cancellationToken)
    {
        await using var file = TemporaryFile();
        var rows = new XlsxRows(contacts, withStatus, cancellationToken);
        // MiniExcel pulls rows synchronously: run it on a pool thread that waits for the database's rows.
        await Task.Run(() => file.SaveAs(rows.Read(), sheetName: "contacts"), cancellationToken);
        file.Position = 0;
        if (!rows.HoldCarriageReturn)
        {
            await file.CopyToAsync(output, cancellationToken);
            return;
        }
        await using var kept = TemporaryFile();
        await Task.Run(() => KeepCarriageReturns(file, kept), cancellationToken);
        kept.Position = 0;
        await kept.CopyToAsync(output, cancellationToken);
    }

    /// <summary>
    /// Copies the workbook with every CR of its sheets and shared strings written as <c>&amp;#13;</c>.
    /// MiniExcel writes a CR as it is, and XML end-of-line handling reads a raw CR LF back as LF (Excel,
    /// LibreOffice and our import alike); a character reference is read back as the CR it names. Its own
    /// markup holds no CR, and no byte of a multi-byte UTF-8 character is 0x0D, so only text changes.
    /// </summary>
    private static void KeepCarriageReturns(Stream workbook, Stream kept)
    {
        using var source = new ZipArchive(workbook, ZipArchiveMode.Read, leaveOpen: true);
        using var target = new ZipArchive(kept, ZipArchiveMode.Create, leaveOpen: true);
        var buffer = new byte[64 * 1024];
        foreach (var entry in source.Entries)
        {
            var text = entry.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal) || entry.FullName == "xl/sharedStrings.xml";
            using var from = entry.Open();
            using var to = target.CreateEntry(entry.FullName, CompressionLevel.Fastest).Open();
            int read;
            while ((read = from.Read(buffer)) > 0)
            {
                var chunk = buffer.AsSpan(0, read);
                for (int cr; text && (cr = chunk.IndexOf((byte)'\r')) >= 0; chunk = chunk[(cr + 1)..])
                {
                    to.Write(chunk[..cr]);
                    to.Write("&#13;"u8);
                }
                to.Write(chunk);
            }
        }
    }

    private static FileStream TemporaryFile() => new(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 64 * 1024,
        FileOptions.DeleteOnClose | FileOptions.Asynchronous);

    /// <summary>The rows MiniExcel pulls, noting whether any cell holds a CR (only then is the workbook rewritten).</summary>
    private sealed class XlsxRows(IAsyncEnumerable<Contact> contacts, bool withStatus, CancellationToken cancellationToken)
    {
        public bool HoldCarriageReturn { get; private set; }

        public IEnumerable<IDictionary<string, object>> Read()
        {
            foreach (var contact in contacts.ToBlockingEnumerable(cancellationToken))
            {
                var f = contact.Fields;
                var row = new Dictionary<string, object>(7, StringComparer.Ordinal)
                {
                    [ImportColumns.FirstName] = SpreadsheetCells.KeepMark(f.FirstName),
                    [ImportColumns.LastName] = SpreadsheetCells.KeepMark(f.LastName),
                    [ImportColumns.Salutation] = SpreadsheetCells.KeepMark(f.Salutation),
                    [ImportColumns.PhoneNumber] = f.CellPhone.PhoneNumber,
                    [ImportColumns.CountryCode] = f.CellPhone.CountryCode,
                    [ImportColumns.Extension] = SpreadsheetCells.KeepMark(f.CellPhone.Extension, phone: true),
                };
                if (withStatus)
                {
                    row[ImportColumns.Status] = contact.Status.ToWire();
                }
                HoldCarriageReturn |= row.Values.Any(v => ((string)v).Contains('\r', StringComparison.Ordinal));
                yield return row;
            }
        }
    }
}
