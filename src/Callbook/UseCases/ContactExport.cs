using Callbook.Import;
using Callbook.Stores;
using Callbook.Tenancy;

namespace Callbook.UseCases;

/// <summary>The file formats of an export.</summary>
public enum ExportFormat
{
    /// <summary>RFC 4180 CSV in the import's format (<see cref="CsvContactWriter"/>).</summary>
    Csv,

    /// <summary>An Office Open XML workbook whose cells are all text (<see cref="XlsxContactWriter"/>).</summary>
    Xlsx,
}

/// <summary>
/// Streaming a stream's contacts as a download in the import format, from one snapshot: the one
/// implementation behind <c>GET …/contacts/export</c> and the console's export button. A <c>status</c>
/// column is added when inactive contacts are included, so export → import is exact.
/// </summary>
public sealed class ContactExport(IContactReads store)
{
    /// <summary>Reads <c>csv</c> or <c>xlsx</c> (any case); null for anything else.</summary>
    public static ExportFormat? ParseFormat(string? text) => text?.ToLowerInvariant() switch
    {
        null or "csv" => ExportFormat.Csv,
        "xlsx" => ExportFormat.Xlsx,
        _ => null,
    };

    /// <summary>Sets the response's type and attachment name, then writes the file to its body.</summary>
    public async Task WriteAsync(HttpResponse response, StreamScope scope, StatusFilter status, ExportFormat format, CancellationToken cancellationToken)
    {
        var contacts = store.StreamContactsAsync(scope, status, cancellationToken);
        var withStatus = status != StatusFilter.Active;
        var extension = format == ExportFormat.Xlsx ? "xlsx" : "csv";
        response.Headers.ContentDisposition = $"attachment; filename=\"contacts-{scope.StreamId}.{extension}\"";
        if (format == ExportFormat.Xlsx)
        {
            response.ContentType = XlsxContactWriter.ContentType;
            await XlsxContactWriter.WriteAsync(response.Body, contacts, withStatus, cancellationToken);
        }
        else
        {
            response.ContentType = "text/csv; charset=utf-8";
            await CsvContactWriter.WriteAsync(response.Body, contacts, withStatus, cancellationToken);
        }
    }
}
