using System.Globalization;
using MiniExcelLibs;

namespace Callbook.Import;

/// <summary>
/// The rows of an Excel workbook's first sheet as <see cref="SheetRecord"/>s, streamed by MiniExcel
/// (one row in memory at a time; a large shared-string table is cached on disk). Numbers become
/// their full digits (a phone typed as a number, <c>919812345670</c>, not <c>9.19877E+11</c>).
/// </summary>
public sealed class XlsxRecordReader : IDisposable
{
    private readonly IEnumerator<object> rows;

    /// <param name="file">A seekable stream of the workbook.</param>
    public XlsxRecordReader(Stream file) => rows = file.Query(useHeaderRow: false).GetEnumerator();

    /// <summary>True when the bytes start a ZIP archive, as every .xlsx does (recognised by content, not by name).</summary>
    public static bool IsWorkbook(ReadOnlySpan<byte> head) => head.StartsWith((ReadOnlySpan<byte>)[0x50, 0x4B, 0x03, 0x04]);

    /// <summary>The next row, or null after the last. Throws <see cref="ImportFileException"/> when the workbook cannot be read.</summary>
    public SheetRecord? Read()
    {
        try
        {
            if (!rows.MoveNext())
            {
                return null;
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new ImportFileException("the file is a ZIP archive but not a readable Excel workbook (.xlsx): save it as “Excel Workbook (.xlsx)” or as CSV UTF-8", e);
        }
        var cells = ((IDictionary<string, object?>)rows.Current).Values.Select(Text).ToArray();
        return new SheetRecord(cells, null, null);
    }

    public void Dispose() => rows.Dispose();

    private static string Text(object? value) => value switch
    {
        null => "",
        string s => s,
        double d when d == Math.Floor(d) && Math.Abs(d) < 1e16 => d.ToString("0", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        bool b => b ? "TRUE" : "FALSE",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}

/// <summary>An import file cannot be read any further: the whole request fails with a 400 carrying the message.</summary>
public sealed class ImportFileException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>An import is over a configured limit: the whole request fails.</summary>
public sealed class ImportLimitException(string message) : Exception(message);
