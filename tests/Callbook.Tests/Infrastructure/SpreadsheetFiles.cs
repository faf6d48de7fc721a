using System.Text;

namespace Callbook.Tests.Infrastructure;

/// <summary>
/// The import files of issue 12's table, as Excel, LibreOffice and Google Sheets save them. Each holds
/// rows whose first names start with its own prefix, so the console test can count them by search.
/// </summary>
public static class SpreadsheetFiles
{
    public const string Header = "firstName,lastName,salutation,cellPhoneNumber,cellPhoneCountryCode,cellPhoneExtension";

    /// <summary>UTF-8 with BOM, CRLF, ';' (Excel in most European locales), 2 rows.</summary>
    public static byte[] SemicolonWithBom(string prefix, long start) => Utf8(true,
        Header.Replace(',', ';') + "\r\n" + $"{prefix}Zoë;Ñúñez;Ms;{start};+91;+\r\n{prefix}Ann;Lee, Jr;Mr;{start + 1};+91;+\r\n");

    /// <summary>Two good rows, then three rows of bare commas (Excel pads them).</summary>
    public static byte[] PaddedWithEmptyRows(string prefix, long start) => Utf8(false,
        Header + "\r\n" + $"{prefix}One,A,mr,{start},+91,+\r\n{prefix}Two,B,mr,{start + 1},+91,+\r\n,,,,,,\r\n,,,,,,\r\n,,,,,,\r\n");

    /// <summary>Tab-separated (Sheets' .tsv, Excel's "Unicode Text").</summary>
    public static byte[] TabSeparated(string prefix, long start) => Utf8(false,
        Header.Replace(',', '\t') + "\n" + $"{prefix}Tab\tOne\tmr\t{start}\t+91\t+\n{prefix}Tab\tTwo\tmr\t{start + 1}\t+91\t+\n");

    /// <summary>UTF-16 LE without a byte order mark.</summary>
    public static byte[] Utf16WithoutBom(string prefix, long start) => Encoding.Unicode.GetBytes(
        Header + "\r\n" + $"{prefix}Sixteen,A,mr,{start},+91,+\r\n");

    /// <summary>Row 2 of 4 has one stray quote opening its first cell.</summary>
    public static byte[] StrayQuote(string prefix, long start) => Utf8(false,
        Header + "\r\n" + $"{prefix}Q1,A,mr,{start},+91,+\r\n\"{prefix}Q2,B,mr,{start + 1},+91,+\r\n{prefix}Q3,\"C, d\",mr,{start + 2},+91,+\r\n{prefix}Q4,D,mr,{start + 3},+91,+\r\n");

    /// <summary>
    /// Line breaks inside quotes: row 1's ignored notes cell spans two lines; row 2's first name holds a CRLF
    /// and its last name a lone LF (both stored as written); row 3's last name holds a CRLF and its phone a
    /// letter, so it fails and its cells go to the error report as they were.
    /// </summary>
    public static byte[] LineBreakInQuotes(string prefix, long start) => Utf8(false,
        Header + ",notes\r\n" + $"{prefix}Note,A,mr,{start},+91,+,\"call after 6\r\nnot on Sundays\"\r\n\"{prefix}Two\r\nLines\",\"B\nLf\",mr,{start + 1},+91,+,\r\n" +
        $"{prefix}Bad,\"Not\r\nImported\",mr,{start + 2}x,+91,+,\r\n");

    private static byte[] Utf8(bool bom, string text) => [.. bom ? Encoding.UTF8.GetPreamble() : [], .. Encoding.UTF8.GetBytes(text)];
}
