namespace Callbook.Import;

/// <summary>
/// What spreadsheets do to cells, both ways. Export protects a cell a spreadsheet would evaluate
/// (OWASP "CSV injection": text starting with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, tab or CR)
/// and every phone cell by a leading apostrophe, so it opens as text; import removes that
/// apostrophe again, trims cells (NBSP too) and recognises numbers a spreadsheet already mangled.
/// </summary>
public static class SpreadsheetCells
{
    /// <summary>The apostrophe spreadsheets read as "this cell is text".</summary>
    public const char TextMark = '\'';

    private static bool IsFormulaStart(char c) => c is '=' or '+' or '-' or '@' or '\t' or '\r';

    /// <summary>
    /// The cell as written to a CSV export: prefixed with <see cref="TextMark"/> when it starts with
    /// a formula character, or with a mark that <see cref="Unprotect"/> would remove (so it gives the value back exactly).
    /// </summary>
    public static string Protect(string value) =>
        value.Length > 0 && (IsFormulaStart(value[0]) || IsMarked(value)) ? TextMark + value : value;

    /// <summary>
    /// The cell as written to an .xlsx export, where every cell is text and nothing needs the formula
    /// guard: marked only when <see cref="Unprotect"/> would otherwise take a leading apostrophe of the
    /// value itself (<c>'=x</c> is written <c>''=x</c>), because the import also reads workbooks that a
    /// spreadsheet saved from a protected CSV. So both exports give the value back exactly.
    /// </summary>
    /// <param name="phone">A phone column (read back by <see cref="UnprotectPhone"/>, which also drops a mark before a digit).</param>
    public static string KeepMark(string value, bool phone = false) => IsMarked(value) || (phone && IsMarkedDigits(value)) ? TextMark + value : value;

    /// <summary>Undoes <see cref="Protect"/>: one leading mark before a formula character or a second mark is dropped.</summary>
    public static string Unprotect(string value) => IsMarked(value) ? value[1..] : value;

    /// <summary>
    /// A phone cell (number, country code, extension) as written to a CSV export: also marked when it is
    /// all digits, so that a spreadsheet keeps its leading zeros and all its digits (LibreOffice and Excel
    /// open <c>'0012</c> as the text <c>'0012</c> and save it back as it was).
    /// </summary>
    public static string ProtectPhone(string value) =>
        value.Length > 0 && (!value.AsSpan().ContainsAnyExcept("0123456789") || IsMarkedDigits(value)) ? TextMark + value : Protect(value);

    /// <summary>Undoes <see cref="ProtectPhone"/>.</summary>
    public static string UnprotectPhone(string value) => IsMarkedDigits(value) ? value[1..] : Unprotect(value);

    private static bool IsMarked(string value) => value.Length > 1 && value[0] == TextMark && (IsFormulaStart(value[1]) || value[1] == TextMark);

    private static bool IsMarkedDigits(string value) => value.Length > 1 && value[0] == TextMark && char.IsAsciiDigit(value[1]);

    /// <summary>Trims white space, NBSP and the other Unicode spaces included.</summary>
    public static string Trim(string value) =>
        value.Length > 0 && (char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1])) ? value.Trim() : value;

    /// <summary>True when every cell is empty or white space: the row is skipped like a blank line.</summary>
    public static bool AllEmpty(IReadOnlyList<string> cells)
    {
        foreach (var cell in cells)
        {
            if (!string.IsNullOrWhiteSpace(cell))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// True for a number a spreadsheet displayed in scientific notation (<c>9.19876E+11</c>,
    /// <c>9,19876E+11</c>): its last digits are gone, so it must not be read as a phone number.
    /// </summary>
    public static bool IsScientific(string value)
    {
        var e = value.AsSpan().IndexOfAny('E', 'e');
        if (e <= 0 || e == value.Length - 1)
        {
            return false;
        }
        var mantissa = value.AsSpan(0, e);
        var exponent = value.AsSpan(e + 1);
        if (exponent[0] is '+' or '-')
        {
            exponent = exponent[1..];
        }
        var separators = 0;
        foreach (var c in mantissa)
        {
            separators += c is '.' or ',' ? 1 : 0;
            if (!char.IsAsciiDigit(c) && c is not ('.' or ','))
            {
                return false;
            }
        }
        return separators <= 1 && exponent.Length > 0 && !exponent.ContainsAnyExcept("0123456789");
    }

    /// <summary>A country code cell a spreadsheet turned into a number (<c>91</c> for <c>+91</c>) gets its '+' back.</summary>
    public static string CountryCode(string value) =>
        value.Length is >= 1 and <= 3 && !value.AsSpan().ContainsAnyExcept("0123456789") ? "+" + value : value;
}
