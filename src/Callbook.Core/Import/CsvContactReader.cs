using System.Runtime.CompilerServices;
using System.Text;
using Callbook.Contacts;
using Callbook.Errors;
using Callbook.Phones;
using Callbook.Storage;

namespace Callbook.Import;

/// <summary>
/// Streams contacts out of an import CSV (RFC 4180 quoting, UTF-8, optional BOM), one
/// logical record at a time, so a file of any size is never held in memory.
/// </summary>
public sealed class CsvContactReader
{
    public const string FirstName = "firstName";
    public const string LastName = "lastName";
    public const string Salutation = "salutation";
    public const string PhoneNumber = "cellPhoneNumber";
    public const string CountryCode = "cellPhoneCountryCode";
    public const string Extension = "cellPhoneExtension";

    /// <summary>The columns, in the order export writes them.</summary>
    public static readonly string[] Columns = [FirstName, LastName, Salutation, PhoneNumber, CountryCode, Extension];

    private const int MaxRecordChars = 64 * 1024;

    private readonly TextReader reader;
    private readonly int[] columnIndex;
    private readonly int headerWidth;
    private readonly long maxRows;
    private readonly PhoneRules rules;

    private CsvContactReader(TextReader reader, int[] columnIndex, int headerWidth, long maxRows, PhoneRules rules)
    {
        this.rules = rules;
        this.reader = reader;
        this.columnIndex = columnIndex;
        this.headerWidth = headerWidth;
        this.maxRows = maxRows;
    }

    /// <summary>A strict UTF-8 reader: invalid bytes fail the import instead of becoming U+FFFD.</summary>
    public static StreamReader CreateTextReader(Stream stream) =>
        new(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024);

    /// <summary>Reads the header row; returns an error when a required column is missing.</summary>
    public static async Task<(CsvContactReader? Reader, ApiError? Error)> OpenAsync(TextReader reader, long maxRows, PhoneRules rules, CancellationToken cancellationToken)
    {
        var header = await ReadRecordAsync(reader, cancellationToken);
        if (header is null || header.Fields is null || (header.Fields.Count == 1 && header.Fields[0].Length == 0))
        {
            return (null, new ApiError("the CSV file is empty: it needs a header row", ErrorCodes.InvalidCsv));
        }
        var names = header.Fields;
        var index = new int[Columns.Length];
        var missing = new List<string>();
        for (var c = 0; c < Columns.Length; c++)
        {
            index[c] = -1;
            for (var i = 0; i < names.Count; i++)
            {
                if (string.Equals(names[i].Trim(), Columns[c], StringComparison.OrdinalIgnoreCase))
                {
                    if (index[c] >= 0)
                    {
                        return (null, new ApiError($"the header names column '{Columns[c]}' twice", ErrorCodes.InvalidCsv));
                    }
                    index[c] = i;
                }
            }
            if (index[c] < 0)
            {
                missing.Add(Columns[c]);
            }
        }
        if (missing.Count > 0)
        {
            return (null, new ApiError($"the header row lacks the column(s) {string.Join(", ", missing)}; expected {string.Join(",", Columns)}", ErrorCodes.InvalidCsv));
        }
        return (new CsvContactReader(reader, index, names.Count, maxRows, rules), null);
    }

    /// <summary>
    /// Yields every non-empty data row, numbered from 1.
    /// Throws <see cref="ImportLimitException"/> past the row limit.
    /// </summary>
    public async IAsyncEnumerable<ImportRow> ReadRowsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var row = 0;
        while (await ReadRecordAsync(reader, cancellationToken) is { } record)
        {
            if (record.Fields is { Count: 1 } && record.Fields[0].Length == 0)
            {
                continue;
            }
            row++;
            if (row > maxRows)
            {
                throw new ImportLimitException($"the file has more than {maxRows} data rows");
            }
            if (record.Error is not null)
            {
                yield return new ImportRow(row, null, [new ApiError(record.Error, ErrorCodes.InvalidCsv, null, null, row)]);
                continue;
            }
            var fields = record.Fields!;
            if (fields.Count != headerWidth)
            {
                yield return new ImportRow(row, null, [new ApiError($"the row has {fields.Count} fields but the header has {headerWidth}", ErrorCodes.InvalidCsv, null, null, row)]);
                continue;
            }
            var errors = new List<ApiError>(0);
            var contact = ContactInputReader.FromStrings(
                fields[columnIndex[0]], fields[columnIndex[1]], fields[columnIndex[2]],
                fields[columnIndex[3]], fields[columnIndex[4]], fields[columnIndex[5]],
                rules, errors, row);
            yield return new ImportRow(row, contact, errors);
        }
    }

    private sealed record Record(List<string>? Fields, string? Error);

    /// <summary>Reads one logical record: physical lines are joined while a quoted field is open.</summary>
    private static async Task<Record?> ReadRecordAsync(TextReader reader, CancellationToken cancellationToken)
    {
        var line = await reader.ReadLineAsync(cancellationToken);
        if (line is null)
        {
            return null;
        }
        StringBuilder? joined = null;
        while (!QuotesBalanced(joined?.ToString() ?? line))
        {
            var next = await reader.ReadLineAsync(cancellationToken);
            joined ??= new StringBuilder(line);
            if (next is null)
            {
                return new Record(null, "a quoted field is not closed before the end of the file");
            }
            joined.Append('\n').Append(next);
            if (joined.Length > MaxRecordChars)
            {
                return new Record(null, $"a record is longer than {MaxRecordChars} characters");
            }
        }
        var text = joined?.ToString() ?? line;
        return text.Length > MaxRecordChars
            ? new Record(null, $"a record is longer than {MaxRecordChars} characters")
            : Split(text);
    }

    private static bool QuotesBalanced(string text)
    {
        var quotes = 0;
        foreach (var c in text)
        {
            if (c == '"')
            {
                quotes++;
            }
        }
        return quotes % 2 == 0;
    }

    private static Record Split(string text)
    {
        var fields = new List<string>(8);
        var field = new StringBuilder();
        var i = 0;
        while (true)
        {
            field.Clear();
            if (i < text.Length && text[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= text.Length)
                    {
                        return new Record(null, "a quoted field is not closed");
                    }
                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    field.Append(text[i++]);
                }
                if (i < text.Length && text[i] != ',')
                {
                    return new Record(null, "a closing quote must be followed by a comma or the end of the line");
                }
            }
            else
            {
                var start = i;
                while (i < text.Length && text[i] != ',')
                {
                    if (text[i] == '"')
                    {
                        return new Record(null, "a quote may only appear inside a quoted field");
                    }
                    i++;
                }
                field.Append(text, start, i - start);
            }
            fields.Add(field.ToString());
            if (i >= text.Length)
            {
                return new Record(fields, null);
            }
            i++; // the comma
        }
    }
}

/// <summary>An import is over a configured limit: the whole request fails.</summary>
public sealed class ImportLimitException(string message) : Exception(message);
