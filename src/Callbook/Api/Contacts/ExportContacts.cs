using System.Text;
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
        await using var writer = new StreamWriter(response.Body, new UTF8Encoding(false), 64 * 1024);
        await writer.WriteAsync(string.Join(',', CsvContactReader.Columns) + "\r\n");
        var rows = 0;
        await foreach (var contact in store.StreamContactsAsync(caller.Scope, status, cancellationToken))
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
        return Results.Empty;
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
