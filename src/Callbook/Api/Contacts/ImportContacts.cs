using Callbook.Api.Auth;
using Callbook.Api.Errors;
using Callbook.Api.Json;
using Callbook.Import;
using Callbook.UseCases;
using Microsoft.AspNetCore.Http.HttpResults;
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

    public static async Task<Results<JsonCreated<IReadOnlyList<ContactResponse>>, JsonCreated<ImportSummary>, JsonOk<ImportSummary>, ImportReport, BadRequestError>> HandleAsync(
        [AsParameters] ImportQuery query, ImportUpload upload, HttpRequest request, Caller caller, ContactImport import, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var (partial, summary) = (query.PartialValue, query.SummaryValue);
        var report = partial && WantsCsv(request) ? TempFile() : null;
        if (report is not null)
        {
            request.HttpContext.Response.RegisterForDisposeAsync(report);
        }
        ImportRun run;
        await using (var file = upload.File)
        {
            run = await import.RunAsync(caller.Scope, caller.Actor, file, query.CharsetValue ?? upload.Charset, partial, keepCreated: !summary && report is null, report, cancellationToken);
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
        var created = result.Imported > 0;
        if (report is not null)
        {
            return new ImportReport(report, result, created ? StatusCodes.Status201Created : StatusCodes.Status200OK);
        }
        if (summary || partial)
        {
            var body = new ImportSummary(result.TotalRows, result.Imported, result.Failed, result.Errors, summary ? null : Contacts(result));
            return created
                ? new JsonCreated<ImportSummary>(body, CallbookJson.Context.ImportSummary)
                : new JsonOk<ImportSummary>(body, CallbookJson.Context.ImportSummary);
        }
        return new JsonCreated<IReadOnlyList<ContactResponse>>(Contacts(result)!, CallbookJson.Context.IReadOnlyListContactResponse);
    }

    private static List<ContactResponse>? Contacts(Callbook.Stores.ImportResult result) => result.Created?.Select(c => ContactResponse.From(c)).ToList();

    private static FileStream TempFile() => new(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 64 * 1024,
        FileOptions.DeleteOnClose | FileOptions.Asynchronous);

    /// <summary>True when the client asks for CSV (the error report) rather than JSON.</summary>
    private static bool WantsCsv(HttpRequest request) =>
        MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var accepts) &&
        accepts.Any(a => a.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase));
}
