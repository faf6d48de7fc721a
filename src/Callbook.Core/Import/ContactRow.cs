using Callbook.Contacts;
using Callbook.Errors;
using Callbook.Phones;
using Callbook.Stores;

namespace Callbook.Import;

/// <summary>The rules of one data row of an import file: its cells → a contact and a status, or the row's errors.</summary>
internal static class ContactRow
{
    private const int Status = 6;

    public static ImportRow Read(SheetRecord record, HeaderMap map, int row, bool flagReplacementChars, PhoneRules rules)
    {
        var cells = record.Cells;
        if (record.Error is not null)
        {
            return Failed(row, cells, new ApiError(record.Error, ErrorCodes.InvalidCsv, null, null, row));
        }
        if (cells.Length < map.Width || (cells.Length > map.Width && !SpreadsheetCells.AllEmpty(cells[map.Width..])))
        {
            return Failed(row, cells, new ApiError($"the row has {cells.Length} cells but the header has {map.Width}", ErrorCodes.InvalidCsv, null, null, row));
        }
        if (flagReplacementChars && cells.Any(c => c.Contains('\uFFFD', StringComparison.Ordinal)))
        {
            return Failed(row, cells, new ApiError("the row holds bytes that are not valid UTF-8: " + ImportEncodings.SaveAdvice, ErrorCodes.InvalidCsv, null, null, row));
        }
        string Cell(int column) => Clean(record, map.Index[column], phone: column is 3 or 4 or 5);
        var errors = new List<ApiError>(0);
        var phone = Cell(3);
        ApiError? scientific = null;
        if (SpreadsheetCells.IsScientific(phone))
        {
            errors.Add(scientific = new ApiError(
                $"{ImportColumns.PhoneNumber} '{phone}' is in scientific notation: the spreadsheet turned the number into a rounded number. Format the column as Text (or import an .xlsx) and type the full number again",
                ErrorCodes.InvalidField, ImportColumns.PhoneNumber, null, row));
        }
        var status = ContactStatus.Active;
        switch (map.Index[Status] < 0 ? "" : Cell(Status).ToUpperInvariant())
        {
            case "" or ContactStatusNames.Active:
                break;
            case ContactStatusNames.Inactive:
                status = ContactStatus.Inactive;
                break;
            default:
                errors.Add(new ApiError($"{ImportColumns.Status} must be ACTIVE or INACTIVE (or empty for ACTIVE)", ErrorCodes.InvalidField, ImportColumns.Status, null, row));
                break;
        }
        var extension = map.Index[5] < 0 ? "+" : Cell(5);
        var fields = ContactInputReader.FromStrings(Cell(0), Cell(1), Cell(2), phone, SpreadsheetCells.CountryCode(Cell(4)), extension, rules, errors, row);
        if (scientific is not null)
        {
            errors.RemoveAll(e => e.Field == ImportColumns.PhoneNumber && !ReferenceEquals(e, scientific)); // one clear reason, not two
        }
        return errors.Count > 0 ? Failed(row, cells, [.. errors]) : new ImportRow(row, fields, [], status, cells);
    }

    /// <summary>A cell as the field rules see it: unquoted cells trimmed, the export's text mark removed.</summary>
    private static string Clean(SheetRecord record, int index, bool phone)
    {
        var cell = record.Cells[index];
        cell = record.Quoted is { } quoted && quoted[index] ? cell : SpreadsheetCells.Trim(cell);
        return phone ? SpreadsheetCells.UnprotectPhone(cell) : SpreadsheetCells.Unprotect(cell);
    }

    private static ImportRow Failed(int row, string[] cells, params ApiError[] errors) => new(row, null, errors, ContactStatus.Active, cells);
}
