using Callbook.Api.Auth;
using Callbook.Api.Errors;
using Callbook.Errors;
using Callbook.Import;
using Callbook.UseCases;

namespace Callbook.Api.Contacts;

/// <summary>
/// GET /contacts/export[?status=][&amp;format=csv|xlsx]: the contacts in the import format, streamed
/// from one snapshot. CSV by default (<see cref="CsvContactWriter"/>: spreadsheet-safe cells, phone
/// cells kept as text); <c>format=xlsx</c> writes a workbook whose cells are all text. A
/// <c>status</c> column is added when the export includes inactive contacts, so export → import is exact.
/// </summary>
public static class ExportContacts
{
    public static async Task<IResult> HandleAsync(HttpContext context, Caller caller, ContactExport export, CancellationToken cancellationToken)
    {
        var errors = new List<ApiError>();
        var status = QueryValues.Status(context.Request, errors);
        var format = ContactExport.ParseFormat(QueryValues.Single(context.Request, "format", errors));
        if (format is null)
        {
            errors.Add(new ApiError("format must be csv or xlsx", ErrorCodes.InvalidQuery, "format"));
        }
        if (errors.Count > 0)
        {
            return ApiResults.BadRequest(errors);
        }
        await export.WriteAsync(context.Response, caller.Scope, status, format!.Value, cancellationToken);
        return Results.Empty;
    }
}
