using Callbook.Api.Auth;
using Callbook.Api.Errors;
using Callbook.Errors;
using Callbook.Import;
using Callbook.Storage;

namespace Callbook.Api.Contacts;

/// <summary>
/// GET /contacts/export[?status=][&amp;format=csv|xlsx]: the contacts in the import format, streamed
/// from one snapshot. CSV by default (<see cref="CsvContactWriter"/>: spreadsheet-safe cells, phone
/// cells kept as text); <c>format=xlsx</c> writes a workbook whose cells are all text. A
/// <c>status</c> column is added when the export includes inactive contacts, so export → import is exact.
/// </summary>
public static class ExportContacts
{
    public static async Task<IResult> HandleAsync(HttpContext context, Caller caller, IContactStore store, CancellationToken cancellationToken)
    {
        var errors = new List<ApiError>();
        var status = QueryValues.Status(context.Request, errors);
        var format = QueryValues.Single(context.Request, "format", errors)?.ToLowerInvariant() ?? "csv";
        if (format is not ("csv" or "xlsx"))
        {
            errors.Add(new ApiError("format must be csv or xlsx", ErrorCodes.InvalidQuery, "format"));
        }
        if (errors.Count > 0)
        {
            return ApiResults.BadRequest(errors);
        }
        var response = context.Response;
        var contacts = store.StreamContactsAsync(caller.Scope, status, cancellationToken);
        var withStatus = status != StatusFilter.Active;
        response.Headers.ContentDisposition = $"attachment; filename=\"contacts-{caller.Scope.StreamId}.{format}\"";
        if (format == "xlsx")
        {
            response.ContentType = XlsxContactWriter.ContentType;
            await XlsxContactWriter.WriteAsync(response.Body, contacts, withStatus, cancellationToken);
        }
        else
        {
            response.ContentType = "text/csv; charset=utf-8";
            await CsvContactWriter.WriteAsync(response.Body, contacts, withStatus, cancellationToken);
        }
        return Results.Empty;
    }
}
