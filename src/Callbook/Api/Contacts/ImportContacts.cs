using System.Globalization;
using Callbook.Api.Auth;
using Callbook.Api.Errors;
using Callbook.Api.Json;
using Callbook.Errors;
using Callbook.Hosting;
using Callbook.Import;
using Callbook.UseCases;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Callbook.Api.Contacts;

/// <summary>
/// POST /contacts/import-contacts: a CSV or .xlsx in the multipart field <c>result_file</c> (rules:
/// <see cref="ContactFileReader"/>, docs/import-export.md). The upload is streamed to a temporary file
/// (so a slow client never holds the database's write lock), then read row by row inside one
/// transaction. Atomic unless <c>?partial=true</c>. 201 when at least one contact was created; a partial
/// import that created none answers 200 with its summary. With <c>?partial=true</c> and
/// <c>Accept: text/csv</c> the answer is the error report (failed rows + <c>error</c>) instead of JSON.
/// </summary>
public static class ImportContacts
{
    public const string FileField = ImportUpload.FileField;

    /// <summary>Headers carrying the summary when the body is the error report.</summary>
    public const string TotalRowsHeader = "Callbook-Total-Rows", ImportedHeader = "Callbook-Imported", FailedHeader = "Callbook-Failed";

    public static async Task<IResult> HandleAsync(HttpRequest request, Caller caller, ContactImport import, IOptions<CallbookLimits> limits, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var errors = new List<ApiError>();
        var partial = ReadFlag(request, "partial", errors);
        var summary = ReadFlag(request, "summary", errors);
        var charset = QueryValues.Single(request, "charset", errors);
        if (charset is { Length: > 40 })
        {
            errors.Add(new ApiError("charset must be at most 40 characters", ErrorCodes.InvalidQuery, "charset"));
        }
        var wantsReport = partial && WantsCsv(request);
        if (errors.Count > 0)
        {
            return ApiResults.BadRequest(errors);
        }
        var (file, partCharset, error) = await ImportUpload.SpoolAsync(request, limits.Value, cancellationToken);
        if (error is not null)
        {
            return error;
        }
        await using var report = wantsReport ? TempFile() : null;
        ImportRun run;
        await using (file)
        {
            run = await import.RunAsync(caller.Scope, caller.Actor, file!, charset ?? partCharset, partial, keepCreated: !summary && !wantsReport, report, cancellationToken);
        }
        if (run.Refusal is not null)
        {
            return ApiResults.BadRequest([run.Refusal]);
        }
        var result = run.Result!;
        loggers.CreateLogger(typeof(ImportContacts)).LogInformation(
            "Imported {Imported} of {Rows} rows into {StreamId} ({Failed} failed)", result.Imported, result.TotalRows, caller.Scope.StreamId, result.Failed);
        if (result.Failed > 0 && !partial)
        {
            return ApiResults.BadRequest(result.Errors);
        }
        // Honest statuses: 201 only when something was created.
        var status = result.Imported > 0 ? StatusCodes.Status201Created : StatusCodes.Status200OK;
        if (report is not null)
        {
            var response = request.HttpContext.Response;
            response.StatusCode = status;
            response.ContentType = "text/csv; charset=utf-8";
            response.Headers.ContentDisposition = "attachment; filename=\"import-errors.csv\"";
            (response.Headers[TotalRowsHeader], response.Headers[ImportedHeader], response.Headers[FailedHeader]) =
                (result.TotalRows.ToString(CultureInfo.InvariantCulture), result.Imported.ToString(CultureInfo.InvariantCulture), result.Failed.ToString(CultureInfo.InvariantCulture));
            report.Position = 0;
            await report.CopyToAsync(response.Body, cancellationToken);
            return Results.Empty;
        }
        var contacts = result.Created?.Select(c => ContactResponse.From(c)).ToList();
        if (summary || partial)
        {
            var body = new ImportSummary(result.TotalRows, result.Imported, result.Failed, result.Errors, summary ? null : contacts);
            return Results.Json(body, CallbookJson.Context.ImportSummary, contentType: "application/json", statusCode: status);
        }
        return Results.Json(contacts!, CallbookJson.Context.IReadOnlyListContactResponse, contentType: "application/json", statusCode: status);
    }

    private static FileStream TempFile() => new(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 64 * 1024,
        FileOptions.DeleteOnClose | FileOptions.Asynchronous);

    /// <summary>True when the client asks for CSV (the error report) rather than JSON.</summary>
    private static bool WantsCsv(HttpRequest request) =>
        MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var accepts) &&
        accepts.Any(a => a.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase));

    private static bool ReadFlag(HttpRequest request, string name, List<ApiError> errors)
    {
        var values = request.Query[name];
        if (values.Count == 0)
        {
            return false;
        }
        switch (values.Count == 1 ? values[0]?.ToLowerInvariant() : null)
        {
            case "true" or "1":
                return true;
            case "false" or "0":
                return false;
            default:
                errors.Add(new ApiError($"{name} must be true or false", ErrorCodes.InvalidQuery, name));
                return false;
        }
    }
}
