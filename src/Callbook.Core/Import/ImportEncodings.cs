using System.Text;
using Callbook.Errors;

namespace Callbook.Import;

/// <summary>
/// Chooses how an import file's bytes become text: a byte order mark (UTF-8, UTF-16 LE/BE) wins,
/// then a charset the client named (the file part's <c>Content-Type</c> or <c>?charset=</c>: any
/// name .NET knows, windows-1252 and iso-8859-1/15 included), else UTF-8. Invalid UTF-8 is not
/// replaced silently: it decodes to U+FFFD, which <see cref="ContactFileReader"/> reports as an
/// error of the row that holds it.
/// </summary>
public static class ImportEncodings
{
    /// <summary>The advice every encoding error gives.</summary>
    public const string SaveAdvice = "save it as “CSV UTF-8” (Excel: Save As → CSV UTF-8; LibreOffice: Character set Unicode (UTF-8)) or name its character set (?charset=windows-1252, or charset= in the file part's Content-Type)";

    static ImportEncodings() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>The encoding of a file that starts with <paramref name="head"/> (its first bytes), or why it cannot be read.</summary>
    /// <param name="charset">A charset the client named, or null.</param>
    public static (Encoding? Encoding, ApiError? Error) Choose(ReadOnlySpan<byte> head, string? charset)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return (Utf8(), null);
        }
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return (new UnicodeEncoding(bigEndian: false, byteOrderMark: true, throwOnInvalidBytes: false), null);
        }
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return (new UnicodeEncoding(bigEndian: true, byteOrderMark: true, throwOnInvalidBytes: false), null);
        }
        if (!string.IsNullOrWhiteSpace(charset))
        {
            var name = charset.Trim().Trim('"');
            if (name.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || name.Equals("utf8", StringComparison.OrdinalIgnoreCase))
            {
                return (Utf8(), null);
            }
            try
            {
                // Bytes the named charset cannot decode become U+FFFD, which fails their row: never a silent '?'.
                return (Encoding.GetEncoding(name, EncoderFallback.ExceptionFallback, new DecoderReplacementFallback("\uFFFD")), null);
            }
            catch (Exception e) when (e is ArgumentException or NotSupportedException)
            {
                return (null, new ApiError($"the character set '{(name.Length > 40 ? name[..40] : name)}' is unknown; use utf-8, utf-16le, utf-16be, windows-1252, iso-8859-1 or iso-8859-15", ErrorCodes.InvalidCsv, "charset"));
            }
        }
        if (LooksLikeUtf16(head, out var endian))
        {
            return (null, new ApiError($"the file looks like UTF-16 ({endian}) without a byte order mark, which cannot be told apart reliably: {SaveAdvice.Replace("windows-1252", endian == "little-endian" ? "utf-16le" : "utf-16be", StringComparison.Ordinal)}", ErrorCodes.InvalidCsv));
        }
        return (Utf8(), null);
    }

    /// <summary>UTF-8 whose invalid bytes become U+FFFD (reported per row, never imported).</summary>
    private static UTF8Encoding Utf8() => new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    /// <summary>Text of Latin-script UTF-16 has a zero byte in every other position.</summary>
    private static bool LooksLikeUtf16(ReadOnlySpan<byte> head, out string endian)
    {
        endian = "";
        var pairs = Math.Min(head.Length, 512) / 2;
        if (pairs < 2)
        {
            return false;
        }
        int evenZeros = 0, oddZeros = 0;
        for (var i = 0; i < pairs * 2; i += 2)
        {
            evenZeros += head[i] == 0 ? 1 : 0;
            oddZeros += head[i + 1] == 0 ? 1 : 0;
        }
        if (oddZeros * 10 >= pairs * 7 && evenZeros * 10 < pairs)
        {
            endian = "little-endian";
        }
        else if (evenZeros * 10 >= pairs * 7 && oddZeros * 10 < pairs)
        {
            endian = "big-endian";
        }
        return endian.Length > 0;
    }
}
