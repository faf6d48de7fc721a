using Callbook.Errors;

namespace Callbook.Import;

/// <summary>
/// The columns of an import or export file and how a header row names them: case, spaces, NBSP,
/// <c>_</c> and <c>-</c> between words do not matter (<c>First Name</c>, <c>first_name</c>,
/// <c>FIRSTNAME</c> all mean <see cref="FirstName"/>); unknown columns are ignored.
/// </summary>
public static class ImportColumns
{
    public const string FirstName = "firstName";
    public const string LastName = "lastName";
    public const string Salutation = "salutation";
    public const string PhoneNumber = "cellPhoneNumber";
    public const string CountryCode = "cellPhoneCountryCode";
    public const string Extension = "cellPhoneExtension";

    /// <summary>Optional: <c>ACTIVE</c> (or empty) or <c>INACTIVE</c>; written by an export that includes inactive contacts.</summary>
    public const string Status = "status";

    /// <summary>The contact columns, in the order export writes them; <see cref="Status"/> follows when exported.</summary>
    public static readonly string[] Contact = [FirstName, LastName, Salutation, PhoneNumber, CountryCode, Extension];

    /// <summary>Every column a file may name, in <see cref="HeaderMap"/> index order.</summary>
    private static readonly string[] Known = [.. Contact, Status];

    private static readonly string[] KnownKeys = [.. Known.Select(Key)];

    /// <summary>The column name without case and word separators: <c>First_Name</c> → <c>firstname</c>.</summary>
    public static string Key(string name)
    {
        Span<char> key = stackalloc char[Math.Min(name.Length, 64)];
        var n = 0;
        foreach (var c in name)
        {
            if (n == key.Length)
            {
                break;
            }
            if (!char.IsWhiteSpace(c) && c is not ('_' or '-' or '\uFEFF'))
            {
                key[n++] = char.ToLowerInvariant(c);
            }
        }
        return new string(key[..n]);
    }

    /// <summary>How many of the header's cells name a known column (separator detection).</summary>
    public static int CountKnown(IReadOnlyList<string> header) => header.Count(h => Array.IndexOf(KnownKeys, Key(h)) >= 0);

    /// <summary>Maps header cells to columns; an error lists the missing required columns or a column named twice.</summary>
    public static (HeaderMap? Map, ApiError? Error) Map(IReadOnlyList<string> header)
    {
        var index = new int[Known.Length];
        Array.Fill(index, -1);
        for (var i = 0; i < header.Count; i++)
        {
            var k = Array.IndexOf(KnownKeys, Key(header[i]));
            if (k < 0)
            {
                continue;
            }
            if (index[k] >= 0)
            {
                return (null, new ApiError($"the header names column '{Known[k]}' twice", ErrorCodes.InvalidCsv));
            }
            index[k] = i;
        }
        // cellPhoneExtension and status are optional: an absent extension is "+", as the console's form treats it.
        var missing = Contact[..5].Where((_, c) => index[c] < 0).ToList();
        if (missing.Count > 0)
        {
            return (null, new ApiError(
                $"the header row lacks the column(s) {string.Join(", ", missing)}; found {Found(header)}; expected {string.Join(",", Contact)} (cellPhoneExtension optional)",
                ErrorCodes.InvalidCsv));
        }
        return (new HeaderMap(index, header.Count), null);
    }

    /// <summary>The header's cells as a short quoted list for messages.</summary>
    public static string Found(IReadOnlyList<string> header) =>
        header.Count == 0 ? "no column" : string.Join(", ", header.Take(12).Select(h => $"'{(h.Length > 40 ? h[..40] + "…" : h)}'")) + (header.Count > 12 ? ", …" : "");
}

/// <summary>Where each known column is in a file's rows (-1: absent), and the header's width.</summary>
public sealed record HeaderMap(int[] Index, int Width)
{
    /// <summary>The cell of column <paramref name="column"/> (index into <see cref="ImportColumns.Contact"/>, 6 = status), or null when absent.</summary>
    public string? Cell(IReadOnlyList<string> cells, int column) => Index[column] is var i and >= 0 && i < cells.Count ? cells[i] : null;
}
