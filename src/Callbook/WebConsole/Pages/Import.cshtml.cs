using Callbook.Hosting;
using Callbook.Errors;
using Callbook.Stores;
using Callbook.UseCases;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Callbook.WebConsole.Pages;

/// <summary>
/// Import of a CSV or .xlsx through <see cref="ContactImport"/>, the same use case as POST /contacts/import-contacts: atomic, so one bad row imports nothing and the page lists
/// every bad row; the file is then kept (<see cref="PendingImports"/>) for "import the good rows", and the
/// failed rows are offered as a CSV to fix (the error report, kept beside it for 30 minutes). The
/// upload is read by <see cref="RequestEdge"/> with the import's body limit (413 page beyond it).
/// </summary>
public sealed class ImportModel(IConsoleUserStore users, ContactImport import, PendingImports pending, IOptions<CallbookLimits> limits, ILogger<ImportModel> logger)
    : StreamPageModel(users)
{
    [BindProperty]
    public IFormFile? Upload { get; set; }

    [BindProperty]
    public bool KeepGoodRows { get; set; }

    [BindProperty]
    public string? PendingId { get; set; }

    public string? FileName { get; private set; }

    public string? Error { get; private set; }

    public ImportResult? Result { get; private set; }

    /// <summary>The id of this import's error report (failed rows + error), when rows failed.</summary>
    public string? ReportId { get; private set; }

    public long MaxBytes => limits.Value.ImportFileBytes;

    public void OnGet()
    {
    }

    /// <summary>Downloads an error report of this user and stream (until it expires).</summary>
    public async Task<IActionResult> OnGetReportAsync([FromQuery] string id, CancellationToken cancellationToken) =>
        await pending.FindReportAsync(id, UserId, Scope, cancellationToken) is { } path
            ? PhysicalFile(path, "text/csv; charset=utf-8", "import-errors.csv")
            : NotFound();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        // Before the file is read: an erasure from here on (on any node) makes what is kept of it stale.
        var erasures = await pending.ErasuresAsync(Scope, cancellationToken);
        string path;
        if (PendingId is not null)
        {
            if (await pending.TakeAsync(PendingId, UserId, Scope, cancellationToken) is not { } kept)
            {
                return Fail("That upload is no longer kept (it expired, or a contact of this stream was erased since); choose the file again.");
            }
            (path, FileName, KeepGoodRows) = (kept.Path, kept.FileName, true);
        }
        else if (Upload is null || Upload.Length == 0)
        {
            return Fail("Choose a CSV or Excel file to import.");
        }
        else if (Request.Form.Files.GetFiles(nameof(Upload)).Count > 1)
        {
            // As the API: importing only the first file would drop the others' rows unseen.
            return Fail("Import one file at a time.");
        }
        else if (Upload.Length > MaxBytes)
        {
            return Fail($"The file is larger than the limit: a file may be at most {CallbookLimits.Describe(MaxBytes)}. Nothing was imported; choose a smaller file.", StatusCodes.Status413PayloadTooLarge);
        }
        else
        {
            FileName = Path.GetFileName(Upload.FileName);
            path = Path.GetTempFileName();
            await using var copy = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.Asynchronous);
            await Upload.CopyToAsync(copy, cancellationToken);
        }

        var (keep, reportPath) = (false, Path.GetTempFileName());
        try
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous);
            ImportRun run;
            await using (var report = new FileStream(reportPath, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.Asynchronous))
            {
                run = await import.RunAsync(Scope, Actor, stream, Charset(), KeepGoodRows, keepCreated: false, report, cancellationToken);
            }
            if (run.Refusal is { } refusal)
            {
                return Fail(run.InHeader ? "The file cannot be imported: " + refusal.Msg
                    : refusal.Code == ErrorCodes.EmptyRequest ? "The file has a header but no data row." : refusal.Msg);
            }
            Result = run.Result!;
            logger.LogInformation("Console import: {Imported} of {Rows} rows into {StreamId} ({Failed} failed)", Result.Imported, Result.TotalRows, Scope.StreamId, Result.Failed);
            if (Result.Failed > 0)
            {
                var goodRowsLeft = !KeepGoodRows && Result.Failed < Result.TotalRows;
                (PendingId, ReportId) = pending.Add(UserId, Scope, erasures, goodRowsLeft ? path : null, reportPath, FileName ?? "contacts.csv");
                keep = goodRowsLeft;
                reportPath = null;
                Response.StatusCode = KeepGoodRows ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest;
            }
            return Page();
        }
        finally
        {
            if (!keep)
            {
                System.IO.File.Delete(path);
            }
            if (reportPath is not null)
            {
                System.IO.File.Delete(reportPath);
            }
        }
    }

    /// <summary>The charset the browser named for the file part, if any (browsers rarely do; a BOM or UTF-8 is the usual case).</summary>
    private string? Charset() =>
        Upload?.ContentType is { } type && Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(type, out var media) ? media.Charset.Value : null;

    /// <summary>The rows of the error table: the file's data row (1 = first data row), the column and the reason.</summary>
    public IEnumerable<Callbook.Errors.ApiError> RowErrors => Result?.Errors ?? [];

    private IActionResult Fail(string error, int status = StatusCodes.Status400BadRequest)
    {
        Error = error;
        PendingId = null;
        Response.StatusCode = status;
        return Page();
    }
}
