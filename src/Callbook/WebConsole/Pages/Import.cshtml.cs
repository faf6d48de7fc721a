using System.Text;
using Callbook.Errors;
using Callbook.Hosting;
using Callbook.Import;
using Callbook.Phones;
using Callbook.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Callbook.WebConsole.Pages;

/// <summary>
/// CSV import through <see cref="CsvContactReader"/> and <see cref="IContactStore.ImportContactsAsync"/>,
/// as POST /contacts/import-contacts does: atomic, so one bad row imports nothing and the page lists
/// every bad row; the file is then kept (<see cref="PendingImports"/>) for "import the good rows".
/// </summary>
[RequestSizeLimit(long.MaxValue)]
[RequestFormLimits(MultipartBodyLengthLimit = long.MaxValue)]
public sealed class ImportModel(IConsoleUserStore users, IContactStore store, PendingImports pending, IOptions<CallbookLimits> limits, PhoneRules phoneRules, ILogger<ImportModel> logger)
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

    public long MaxBytes => limits.Value.ImportFileBytes;

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        string path;
        if (PendingId is not null)
        {
            if (pending.Take(PendingId, UserId, Scope.StreamId) is not { } kept)
            {
                return Fail("That upload has expired; choose the file again.");
            }
            (path, FileName, KeepGoodRows) = (kept.Path, kept.FileName, true);
        }
        else if (Upload is null || Upload.Length == 0)
        {
            return Fail("Choose a CSV file to import.");
        }
        else if (Upload.Length > MaxBytes)
        {
            return Fail($"The file is larger than {MaxBytes / (1024 * 1024)} MB.", StatusCodes.Status413PayloadTooLarge);
        }
        else
        {
            FileName = Path.GetFileName(Upload.FileName);
            path = Path.GetTempFileName();
            await using var copy = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.Asynchronous);
            await Upload.CopyToAsync(copy, cancellationToken);
        }

        var keep = false;
        try
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan);
            using var text = CsvContactReader.CreateTextReader(stream);
            var (csv, headerError) = await CsvContactReader.OpenAsync(text, limits.Value.ImportRows, phoneRules, cancellationToken);
            if (headerError is not null)
            {
                return Fail("The file cannot be imported: " + headerError.Msg);
            }
            Result = await store.ImportContactsAsync(Scope, Actor, csv!.ReadRowsAsync(cancellationToken), new ImportOptions(KeepGoodRows, KeepCreated: false), cancellationToken);
            logger.LogInformation("Console import: {Imported} of {Rows} rows into {StreamId} ({Failed} failed)", Result.Imported, Result.TotalRows, Scope.StreamId, Result.Failed);
            if (Result.TotalRows == 0)
            {
                Result = null;
                return Fail("The file has a header but no data row.");
            }
            if (Result.Failed > 0 && !KeepGoodRows && Result.Failed < Result.TotalRows)
            {
                PendingId = pending.Add(UserId, Scope.StreamId, path, FileName ?? "contacts.csv");
                keep = true;
            }
            if (Result.Failed > 0)
            {
                Response.StatusCode = KeepGoodRows ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest;
            }
            return Page();
        }
        catch (ImportLimitException e)
        {
            return Fail(e.Message);
        }
        catch (DecoderFallbackException)
        {
            return Fail("The file is not valid UTF-8: save it as “CSV UTF-8” and try again.");
        }
        finally
        {
            if (!keep)
            {
                System.IO.File.Delete(path);
            }
        }
    }

    /// <summary>The rows of the error table: the CSV row (1 = first data row), the column and the reason.</summary>
    public IEnumerable<ApiError> RowErrors => Result?.Errors ?? [];

    private IActionResult Fail(string error, int status = StatusCodes.Status400BadRequest)
    {
        Error = error;
        PendingId = null;
        Response.StatusCode = status;
        return Page();
    }
}
