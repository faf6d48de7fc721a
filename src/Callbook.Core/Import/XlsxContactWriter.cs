using Callbook.Contacts;
using MiniExcelLibs;

namespace Callbook.Import;

/// <summary>
/// Writes contacts as an Excel workbook (one sheet, the import columns, <c>status</c> when inactive
/// contacts are included) with MiniExcel. Every cell is a text cell, so phone numbers and country
/// codes open as text and a name starting with <c>=</c> is text, not a formula. The workbook is built
/// row by row in a temporary file, then copied to the output.
/// </summary>
public static class XlsxContactWriter
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static async Task WriteAsync(Stream output, IAsyncEnumerable<Contact> contacts, bool withStatus, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 64 * 1024,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        // MiniExcel pulls rows synchronously: run it on a pool thread that waits for the database's rows.
        await Task.Run(() => file.SaveAs(Rows(contacts, withStatus, cancellationToken), sheetName: "contacts"), cancellationToken);
        file.Position = 0;
        await file.CopyToAsync(output, cancellationToken);
    }

    private static IEnumerable<IDictionary<string, object>> Rows(IAsyncEnumerable<Contact> contacts, bool withStatus, CancellationToken cancellationToken)
    {
        foreach (var contact in contacts.ToBlockingEnumerable(cancellationToken))
        {
            var f = contact.Fields;
            var row = new Dictionary<string, object>(7, StringComparer.Ordinal)
            {
                [ImportColumns.FirstName] = f.FirstName,
                [ImportColumns.LastName] = f.LastName,
                [ImportColumns.Salutation] = f.Salutation,
                [ImportColumns.PhoneNumber] = f.CellPhone.PhoneNumber,
                [ImportColumns.CountryCode] = f.CellPhone.CountryCode,
                [ImportColumns.Extension] = f.CellPhone.Extension,
            };
            if (withStatus)
            {
                row[ImportColumns.Status] = contact.Status.ToWire();
            }
            yield return row;
        }
    }
}
