using Callbook.Api.Auth;
using Callbook.Api.Errors;
using Callbook.Errors;
using Callbook.Import;
using Callbook.Storage;

namespace Callbook.Api.Contacts;

/// <summary>
/// GET /contacts/export[?status=]: CSV in the import format, streamed row by row from one
/// snapshot, so any size is served in constant memory. Export → import gives the same contacts.
/// </summary>
public static class ExportContacts
{
    public static async Task<IResult> HandleAsync(HttpContext context, Caller caller, IContactStore store, CancellationToken cancellationToken)
    {
        var errors = new List<ApiError>();
        var status = QueryValues.Status(context.Request, errors);
        if (errors.Count > 0)
        {
            return ApiResults.BadRequest(errors);
        }
        var response = context.Response;
        response.ContentType = "text/csv; charset=utf-8";
        response.Headers.ContentDisposition = $"attachment; filename=\"contacts-{caller.Scope.StreamId}.csv\"";
        await CsvContactWriter.WriteAsync(response.Body, store.StreamContactsAsync(caller.Scope, status, cancellationToken), cancellationToken);
        return Results.Empty;
    }
}
