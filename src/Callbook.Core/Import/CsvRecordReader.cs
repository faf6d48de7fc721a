using System.Text;

namespace Callbook.Import;

/// <summary>One record of an import file: its cells, or why it cannot be read (then the cells are its raw line split at the separator).</summary>
/// <param name="Quoted">Per cell, whether it was quoted (quoted cells are not trimmed); null for workbook cells.</param>
public sealed record SheetRecord(string[] Cells, bool[]? Quoted, string? Error);

/// <summary>
/// Reads RFC 4180 records with a known separator. A line break inside quotes is kept exactly as
/// written (CRLF, LF or CR). A quoting error (an unclosed quote, text after a closing quote, a quote
/// inside an unquoted cell) is an error of the row where it starts: when a quoted cell ran over line
/// breaks and the record turns out bad, the lines it swallowed are read again as rows of their own.
/// </summary>
public sealed class CsvRecordReader(TextReader reader, char separator)
{
    /// <summary>The longest record, in characters; a longer one is a row error.</summary>
    public const int MaxRecordChars = 64 * 1024;

    private readonly Stack<Line> pushedBack = new();
    private readonly StringBuilder quoted = new();
    private readonly char[] buffer = new char[64 * 1024];
    private int position;
    private int length;
    private bool ended;

    public char Separator => separator;

    private readonly record struct Line(string Text, string Break);

    /// <summary>
    /// The next record, or null at the end. <paramref name="expectedWidth"/> (the header's width, 0 for
    /// the header itself) tells a multi-line record that read too far: it must have that many cells.
    /// </summary>
    public async ValueTask<SheetRecord?> ReadAsync(int expectedWidth, CancellationToken cancellationToken)
    {
        if (await NextLineAsync(cancellationToken) is not { } first)
        {
            return null;
        }
        if (first.Text.Length > MaxRecordChars)
        {
            return Bad(first, [], $"the row is longer than {MaxRecordChars} characters");
        }
        var cells = new List<string>(Math.Max(expectedWidth, 4));
        var quotedCells = new List<bool>(Math.Max(expectedWidth, 4));
        var swallowed = new List<Line>();
        var (text, lineBreak, i) = (first.Text, first.Break, 0);
        while (true)
        {
            if (i < text.Length && text[i] == '"')
            {
                quoted.Clear();
                i++;
                while (true)
                {
                    var q = text.IndexOf('"', i);
                    if (q < 0)
                    {
                        quoted.Append(text, i, text.Length - i);
                        if (lineBreak.Length == 0 || quoted.Length > MaxRecordChars || await NextLineAsync(cancellationToken) is not { } next)
                        {
                            return Bad(first, swallowed, "a quoted cell that starts in this row is not closed");
                        }
                        quoted.Append(lineBreak);
                        swallowed.Add(next);
                        (text, lineBreak, i) = (next.Text, next.Break, 0);
                        continue;
                    }
                    quoted.Append(text, i, q - i);
                    if (q + 1 < text.Length && text[q + 1] == '"')
                    {
                        quoted.Append('"');
                        i = q + 2;
                        continue;
                    }
                    i = q + 1;
                    break;
                }
                while (i < text.Length && text[i] == ' ')
                {
                    i++;
                }
                if (i < text.Length && text[i] != separator)
                {
                    return Bad(first, swallowed, swallowed.Count == 0
                        ? "text follows a closing quote: a quote inside a quoted cell must be doubled (\"\")"
                        : "a quoted cell that starts in this row is not closed");
                }
                cells.Add(quoted.ToString());
                quotedCells.Add(true);
            }
            else
            {
                var end = text.IndexOf(separator, i);
                end = end < 0 ? text.Length : end;
                if (text.AsSpan(i, end - i).Contains('"'))
                {
                    return Bad(first, swallowed, swallowed.Count == 0
                        ? "a quote inside a cell that does not start with a quote: quote the whole cell and double the quote"
                        : "a quoted cell that starts in this row is not closed");
                }
                cells.Add(text.Substring(i, end - i));
                quotedCells.Add(false);
                i = end;
            }
            if (i >= text.Length)
            {
                break;
            }
            i++;
        }
        if (swallowed.Count > 0 && expectedWidth > 0 && cells.Count != expectedWidth)
        {
            return Bad(first, swallowed, "a quoted cell that starts in this row is not closed");
        }
        return new SheetRecord([.. cells], [.. quotedCells], null);
    }

    /// <summary>The first line is the bad row; the lines a quoted cell swallowed are given back to be read as rows.</summary>
    private SheetRecord Bad(Line first, List<Line> swallowed, string error)
    {
        for (var s = swallowed.Count - 1; s >= 0; s--)
        {
            pushedBack.Push(swallowed[s]);
        }
        var raw = first.Text.Length > MaxRecordChars ? first.Text[..MaxRecordChars] : first.Text;
        return new SheetRecord(raw.Split(separator), null, error);
    }

    /// <summary>One physical line and the exact line break that ended it ("" at the end of the file).</summary>
    private async ValueTask<Line?> NextLineAsync(CancellationToken cancellationToken)
    {
        if (pushedBack.TryPop(out var back))
        {
            return back;
        }
        StringBuilder? longLine = null;
        while (true)
        {
            if (position == length)
            {
                if (ended || !await FillAsync(cancellationToken))
                {
                    return longLine is null ? null : new Line(longLine.ToString(), "");
                }
            }
            var span = buffer.AsSpan(position, length - position);
            var end = span.IndexOfAny('\r', '\n');
            if (end < 0)
            {
                longLine ??= new StringBuilder();
                if (longLine.Length <= MaxRecordChars + 1)
                {
                    longLine.Append(span);
                }
                position = length;
                continue;
            }
            var text = longLine is null ? new string(span[..end]) : longLine.Append(span[..end]).ToString();
            position += end + 1;
            if (span[end] == '\n')
            {
                return new Line(text, "\n");
            }
            if (position == length && !ended)
            {
                await FillAsync(cancellationToken);
            }
            if (position < length && buffer[position] == '\n')
            {
                position++;
                return new Line(text, "\r\n");
            }
            return new Line(text, "\r");
        }
    }

    private async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        position = 0;
        length = await reader.ReadAsync(buffer, cancellationToken);
        ended = length == 0;
        return !ended;
    }
}
