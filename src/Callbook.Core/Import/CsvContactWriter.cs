using System.Text;
using Callbook.Contacts;

namespace Callbook.Import;

/// <summary>
/// Writes contacts as CSV in the import format (<see cref="CsvContactReader.Columns"/>), row by row,
/// so any size is written in constant memory. Export → import gives the same contacts. Used by the
/// API's export and the web console's download.
/// </summary>
public static class CsvContactWriter
{
    public static async Task<long> WriteAsync(Stream output, IAsyncEnumerable<Contact> contacts, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(false), 64 * 1024, leaveOpen: true);
        await writer.WriteAsync(string.Join(',', CsvContactReader.Columns) + "\r\n");
        var rows = 0L;
        await foreach (var contact in contacts.WithCancellation(cancellationToken))
        {
            var f = contact.Fields;
            Field(writer, f.FirstName, ',');
            Field(writer, f.LastName, ',');
            Field(writer, f.Salutation, ',');
            Field(writer, f.CellPhone.PhoneNumber, ',');
            Field(writer, f.CellPhone.CountryCode, ',');
            Field(writer, f.CellPhone.Extension, '\r');
            writer.Write('\n');
            if (++rows % 1000 == 0)
            {
                await writer.FlushAsync(cancellationToken);
            }
        }
        await writer.FlushAsync(cancellationToken);
        return rows;
    }

    /// <summary>RFC 4180: quote a field holding a comma, quote or line break, or edge spaces that a reader might trim.</summary>
    private static void Field(StreamWriter writer, string value, char after)
    {
        if (value.AsSpan().IndexOfAny(",\"\r\n") >= 0 || (value.Length > 0 && (value[0] == ' ' || value[^1] == ' ')))
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
