using System.Globalization;
using System.Text;

namespace Callbook.Phones;

/// <summary>
/// Reads a phone number as people and systems write it, down to a leading '+' (or none) and ASCII
/// digits. Ignored: any Unicode space (NBSP included), dashes (Unicode category Pd and U+2212),
/// dots, slashes, parentheses and format characters (category Cf: direction marks and embeddings,
/// zero-width characters, BOM). Every Unicode decimal digit (category Nd: Arabic-Indic, Persian,
/// fullwidth, …) counts as its value 0–9. An RFC 3966 <c>tel:</c> URI loses its scheme and its
/// parameters (<c>;ext=</c>, <c>;phone-context=</c>, …). Anything else is refused, with the reason.
/// </summary>
public static class PhoneText
{
    /// <summary>The most digits a written number may hold (libphonenumber's 17-digit national limit plus a country code).</summary>
    public const int MaxDigits = 20;

    /// <summary>A number read from text: <see cref="Digits"/> holds ASCII digits only.</summary>
    /// <param name="International">True when the text started with '+'.</param>
    /// <param name="Digits">The digits, in order, without the '+'.</param>
    public readonly record struct Reading(bool International, string Digits);

    /// <summary>
    /// Reads <paramref name="text"/>; returns null and the reading, or a sentence saying what was wrong
    /// (without echoing the number, which may be personal data).
    /// </summary>
    public static string? Read(string text, out Reading reading)
    {
        reading = default;
        // The common case (a caller id such as "+13175550148"): nothing to drop, no allocation beyond the digits.
        if (IsPlainAscii(text, out var plus))
        {
            if (text.Length - (plus ? 1 : 0) > MaxDigits)
            {
                return $"must have at most {MaxDigits} digits";
            }
            reading = new Reading(plus, plus ? text[1..] : text);
            return null;
        }
        var span = text.AsSpan().Trim();
        if (span.StartsWith("tel:", StringComparison.OrdinalIgnoreCase))
        {
            span = span[4..];
            var parameters = span.IndexOf(';');
            if (parameters >= 0)
            {
                span = span[..parameters];
            }
        }
        Span<char> digits = stackalloc char[MaxDigits];
        var count = 0;
        var international = false;
        foreach (var rune in span.EnumerateRunes())
        {
            // ASCII (nearly every number sent) is told apart without the Unicode tables.
            var category = rune.IsAscii ? AsciiCategory(rune.Value) : Rune.GetUnicodeCategory(rune);
            if (category == UnicodeCategory.DecimalDigitNumber)
            {
                if (count == MaxDigits)
                {
                    return $"must have at most {MaxDigits} digits";
                }
                digits[count++] = (char)('0' + (rune.IsAscii ? rune.Value - '0' : (int)Rune.GetNumericValue(rune)));
            }
            else if (rune.Value is '+' or '\uFF0B')
            {
                if (count > 0 || international)
                {
                    return "may hold one '+', before the first digit";
                }
                international = true;
            }
            else if (!IsSeparator(rune, category))
            {
                return Refusal(rune);
            }
        }
        if (count == 0)
        {
            return "must contain digits";
        }
        reading = new Reading(international, new string(digits[..count]));
        return null;
    }

    private static string Refusal(Rune rune)
    {
        if (rune == Rune.ReplacementChar)
        {
            // U+FFFD is what a decoder leaves where bytes were not UTF-8 (a file's cell); a lone surrogate reads as it too.
            return "is not valid UTF-8 text: it holds U+FFFD, the mark left where bytes were not valid UTF-8";
        }
        return Rune.IsLetter(rune)
            ? "must not contain letters (a tel: URI may add ;ext= and other parameters after the number)"
            : $"contains U+{rune.Value:X4}, which is not part of a phone number (digits, spaces, dashes, dots, slashes, parentheses and a leading '+' are)";
    }

    /// <summary>The Unicode category of an ASCII character, as far as <see cref="Read"/> tells them apart.</summary>
    private static UnicodeCategory AsciiCategory(int c) => c switch
    {
        >= '0' and <= '9' => UnicodeCategory.DecimalDigitNumber,
        ' ' => UnicodeCategory.SpaceSeparator,
        '-' => UnicodeCategory.DashPunctuation,
        _ => UnicodeCategory.OtherPunctuation,
    };

    private static bool IsSeparator(Rune rune, UnicodeCategory category) =>
        category is UnicodeCategory.SpaceSeparator or UnicodeCategory.Format or UnicodeCategory.DashPunctuation
        || rune.Value is '.' or '/' or '(' or ')' or '\u2212' or '\t';

    private static bool IsPlainAscii(string text, out bool plus)
    {
        plus = text.Length > 0 && text[0] == '+';
        var start = plus ? 1 : 0;
        if (text.Length == start)
        {
            return false;
        }
        for (var i = start; i < text.Length; i++)
        {
            if (!char.IsAsciiDigit(text[i]))
            {
                return false;
            }
        }
        return true;
    }
}
