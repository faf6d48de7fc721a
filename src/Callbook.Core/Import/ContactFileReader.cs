using System.Runtime.CompilerServices;
using System.Text;
using Callbook.Errors;
using Callbook.Phones;
using Callbook.Stores;

namespace Callbook.Import;

/// <summary>
/// Streams contacts out of an import file, as Excel, LibreOffice and Google Sheets save them: a CSV
/// (separator <c>,</c> <c>;</c> or tab found from the header row, encoding by <see cref="ImportEncodings"/>,
/// RFC 4180 quoting by <see cref="CsvRecordReader"/>) or an .xlsx workbook (first sheet, recognised by
/// content). Header names by <see cref="ImportColumns"/>; cell rules by <see cref="SpreadsheetCells"/>.
/// One row is in memory at a time. The full rules: docs/import-export.md.
/// </summary>
public sealed class ContactFileReader : IDisposable
{
    private static readonly char[] Separators = [',', ';', '\t'];

    private readonly Func<int, CancellationToken, ValueTask<SheetRecord?>> next;
    private readonly IDisposable source;
    private readonly HeaderMap map;
    private readonly bool flagReplacementChars;
    private readonly long maxRows;
    private readonly PhoneRules rules;

    private ContactFileReader(Func<int, CancellationToken, ValueTask<SheetRecord?>> next, IDisposable source, string[] header, HeaderMap map, char separator, bool flagReplacementChars, long maxRows, PhoneRules rules)
    {
        (this.next, this.source, Header, this.map, Separator, this.flagReplacementChars, this.maxRows, this.rules) = (next, source, header, map, separator, flagReplacementChars, maxRows, rules);
    }

    /// <summary>The header row's cells as written (the error report repeats them).</summary>
    public string[] Header { get; }

    /// <summary>The CSV separator found, or ',' for a workbook.</summary>
    public char Separator { get; }

    /// <summary>
    /// Recognises the file and reads its header row; returns an error (for a 400) when it cannot be imported.
    /// </summary>
    /// <param name="file">A seekable stream (the spooled upload); the reader takes it over.</param>
    /// <param name="charset">A character set the client named, or null.</param>
    public static async Task<(ContactFileReader? Reader, ApiError? Error)> OpenAsync(Stream file, string? charset, long maxRows, PhoneRules rules, CancellationToken cancellationToken)
    {
        var head = new byte[1024];
        var read = await file.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
        file.Position = 0;
        if (XlsxRecordReader.IsWorkbook(head.AsSpan(0, read)))
        {
            return OpenWorkbook(file, maxRows, rules);
        }
        var (encoding, encodingError) = ImportEncodings.Choose(head.AsSpan(0, read), charset);
        if (encodingError is not null)
        {
            return (null, encodingError);
        }
        var text = new StreamReader(file, encoding!, detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024);
        var firstLine = await FirstLineAsync(text, cancellationToken);
        file.Position = 0;
        text.DiscardBufferedData();
        var declared = firstLine.StartsWith("sep=", StringComparison.OrdinalIgnoreCase) && firstLine.Length == 5 ? firstLine[4] : (char?)null;
        var separator = declared ?? await DetectSeparatorAsync(firstLine, cancellationToken);
        var csv = new CsvRecordReader(text, separator);
        if (declared is not null)
        {
            await csv.ReadAsync(0, cancellationToken); // Excel's "sep=;" hint line
        }
        var header = await csv.ReadAsync(0, cancellationToken);
        if (header is null || header.Error is not null || SpreadsheetCells.AllEmpty(header.Cells))
        {
            text.Dispose();
            return (null, new ApiError(header?.Error is { } e ? "the header row cannot be read: " + e : "the file is empty: it needs a header row", ErrorCodes.InvalidCsv));
        }
        // UTF-8 and named single-byte charsets turn undecodable bytes into U+FFFD: such a row fails (UTF-16 with a BOM cannot meet one).
        var utf8 = encoding is not UnicodeEncoding;
        if (utf8 && header.Cells.Any(c => c.Contains('\uFFFD', StringComparison.Ordinal)))
        {
            text.Dispose();
            return (null, new ApiError("the header row is not valid UTF-8: " + ImportEncodings.SaveAdvice, ErrorCodes.InvalidCsv));
        }
        var (map, error) = ImportColumns.Map(header.Cells);
        if (error is not null)
        {
            text.Dispose();
            return (null, error with { Msg = $"{error.Msg} (read with the separator {Name(separator)})" });
        }
        return (new ContactFileReader(csv.ReadAsync, text, header.Cells, map!, separator, utf8, maxRows, rules), null);
    }

    private static (ContactFileReader?, ApiError?) OpenWorkbook(Stream file, long maxRows, PhoneRules rules)
    {
        var workbook = new XlsxRecordReader(file);
        try
        {
            SheetRecord? header;
            while ((header = workbook.Read()) is not null && SpreadsheetCells.AllEmpty(header.Cells))
            {
            }
            if (header is null)
            {
                workbook.Dispose();
                return (null, new ApiError("the workbook's first sheet is empty: it needs a header row", ErrorCodes.InvalidCsv));
            }
            var (map, error) = ImportColumns.Map(header.Cells);
            if (error is not null)
            {
                workbook.Dispose();
                return (null, error with { Msg = error.Msg + " (in the workbook's first sheet)" });
            }
            return (new ContactFileReader((_, _) => ValueTask.FromResult(workbook.Read()), workbook, header.Cells, map!, ',', false, maxRows, rules), null);
        }
        catch (ImportFileException e)
        {
            workbook.Dispose();
            return (null, new ApiError(e.Message, ErrorCodes.InvalidCsv));
        }
    }

    /// <summary>
    /// Yields every data row, numbered from 1; rows whose cells are all empty are skipped and not counted.
    /// Throws <see cref="ImportLimitException"/> past the row limit, <see cref="ImportFileException"/> when a workbook breaks off.
    /// </summary>
    public async IAsyncEnumerable<ImportRow> ReadRowsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var row = 0;
        while (await next(map.Width, cancellationToken) is { } record)
        {
            if (record.Error is null && SpreadsheetCells.AllEmpty(record.Cells))
            {
                continue;
            }
            if (++row > maxRows)
            {
                throw new ImportLimitException($"the file has more than {maxRows} data rows");
            }
            yield return ContactRow.Read(record, map, row, flagReplacementChars, rules);
        }
    }

    public void Dispose() => source.Dispose();

    /// <summary>The separator a person would name in a message.</summary>
    public static string Name(char separator) => separator switch { '\t' => "tab", _ => $"'{separator}'" };

    private static async Task<string> FirstLineAsync(TextReader text, CancellationToken cancellationToken)
    {
        var buffer = new char[8 * 1024];
        var n = await text.ReadBlockAsync(buffer, cancellationToken);
        var line = buffer.AsSpan(0, n);
        var end = line.IndexOfAny('\r', '\n');
        return new string(end < 0 ? line : line[..end]);
    }

    /// <summary>The separator that makes the header name the most known columns (ties: ',' then ';' then tab).</summary>
    private static async Task<char> DetectSeparatorAsync(string headerLine, CancellationToken cancellationToken)
    {
        var (best, bestScore) = (',', -1);
        foreach (var separator in Separators)
        {
            var cells = await new CsvRecordReader(new StringReader(headerLine), separator).ReadAsync(0, cancellationToken);
            var score = cells is null ? 0 : ImportColumns.CountKnown(cells.Cells);
            if (score > bestScore)
            {
                (best, bestScore) = (separator, score);
            }
        }
        return best;
    }
}
