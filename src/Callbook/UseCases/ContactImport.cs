using Callbook.Errors;
using Callbook.Hosting;
using Callbook.Import;
using Callbook.Phones;
using Callbook.Stores;
using Callbook.Tenancy;
using Microsoft.Extensions.Options;

namespace Callbook.UseCases;

/// <summary>
/// The outcome of <see cref="ContactImport.RunAsync"/>: either the store's <see cref="ImportResult"/>,
/// or a refusal of the whole file (nothing imported) with the error the API answers as a 400:
/// an unreadable header or encoding (the reader's code), <c>INVALID_CSV</c> for a file that cannot be
/// read on, <c>TOO_MANY_RECORDS</c> over the row limit, <c>EMPTY_REQUEST</c> for a header with no data row.
/// <paramref name="InHeader"/> says the refusal came before any row was read (the header, the encoding).
/// </summary>
public sealed record ImportRun(ImportResult? Result, ApiError? Refusal, bool InHeader = false);

/// <summary>
/// Importing a CSV or .xlsx file into a stream: the one implementation behind
/// <c>POST …/contacts/import-contacts</c> and the console's import page. Reads the file through
/// <see cref="ContactFileReader"/> (separators, encodings, header names, phone rules, the row limit),
/// hands its rows to <see cref="IContactStore.ImportContactsAsync"/> (atomic unless partial) and, when
/// asked, writes the failed rows with an <c>error</c> column to <c>errorReport</c> (<see cref="ErrorReportWriter"/>).
/// </summary>
public sealed class ContactImport(IContactStore store, IOptions<CallbookLimits> limits, PhoneRules phoneRules)
{
    /// <summary>An import reports a number held by another contact on the file's phone column (<c>cellPhoneNumber</c>), with the row and the holder's id.</summary>
    public static ApiError PhoneInUse(ImportRow row, string? holderId) =>
        ContactErrors.PhoneInUse(ImportColumns.PhoneNumber, holderId, null, row.Row);

    /// <param name="file">The uploaded file, readable from its start.</param>
    /// <param name="charset">A charset named by the client (<c>?charset=</c> or the part's Content-Type), or null.</param>
    /// <param name="partial">Import the good rows and report the bad ones (otherwise all rows or none).</param>
    /// <param name="keepCreated">Return the created contacts (not for a million rows).</param>
    /// <param name="errorReport">Where the failed rows go as CSV, or null.</param>
    public async Task<ImportRun> RunAsync(StreamScope scope, Actor actor, Stream file, string? charset, bool partial, bool keepCreated, Stream? errorReport, CancellationToken cancellationToken)
    {
        var (reader, headerError) = await ContactFileReader.OpenAsync(file, charset, limits.Value.ImportRows, phoneRules, cancellationToken);
        if (headerError is not null)
        {
            return new ImportRun(null, headerError, InHeader: true);
        }
        using var _ = reader;
        using var rejects = errorReport is null ? null : new ErrorReportWriter(errorReport, reader!.Header, reader.Separator);
        ImportResult result;
        try
        {
            result = await store.ImportContactsAsync(scope, actor, reader!.ReadRowsAsync(cancellationToken), new ImportOptions(partial, keepCreated, PhoneInUse, Rejects: rejects), cancellationToken);
        }
        catch (ImportLimitException e)
        {
            return new ImportRun(null, new ApiError(e.Message, ErrorCodes.TooManyRecords));
        }
        catch (ImportFileException e)
        {
            return new ImportRun(null, new ApiError(e.Message, ErrorCodes.InvalidCsv));
        }
        rejects?.Flush();
        return result.TotalRows == 0
            ? new ImportRun(null, new ApiError("the file has a header but no data row", ErrorCodes.EmptyRequest))
            : new ImportRun(result, null);
    }
}
