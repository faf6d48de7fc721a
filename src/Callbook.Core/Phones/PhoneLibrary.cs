using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Text.RegularExpressions;
using Lib = PhoneNumbers;

namespace Callbook.Phones;

/// <summary>How libphonenumber judged a number's length in its country.</summary>
public enum PhoneLength
{
    Possible,
    TooShort,
    TooLong,
    InvalidLength,
    LocalOnly,
    Unreadable,
}

/// <summary>What libphonenumber made of a number: its E.164 form, country calling code and length verdict.</summary>
/// <param name="E164">'+', country code and national significant number (empty when <see cref="Length"/> is Unreadable).</param>
/// <param name="Number">The parsed number, for validity and type; null when unreadable.</param>
public sealed record PhoneReading(string E164, int CountryCode, PhoneLength Length, Lib.PhoneNumber? Number);

/// <summary>
/// The one door to libphonenumber-csharp. Parsing allocates and runs regular expressions (5–15 µs),
/// so <see cref="ReadsUnchanged"/> and <see cref="TryStripTrunkPrefix"/> answer first, from the
/// library's own metadata, whether the library would give back exactly the digits it was handed
/// (less a plain trunk prefix); callers skip the parse when it does (a caller lookup then takes
/// well under a microsecond). Tests compare the shortcuts with the full parse on random numbers of
/// every country code.
/// </summary>
public static class PhoneLibrary
{
    /// <summary>libphonenumber's shortest and longest national significant number.</summary>
    private const int MinNational = 2, MaxNational = 17;

    /// <summary>libphonenumber's region code for the non-geographic country codes (+800, +808, …).</summary>
    private const string NonGeographic = "001";

    internal static readonly Lib.PhoneNumberUtil Util = Lib.PhoneNumberUtil.GetInstance();

    /// <summary>
    /// The country calling codes accepted: libphonenumber's, plus +379 (assigned to Vatican City,
    /// never brought into service, absent from libphonenumber) which the contract accepted.
    /// </summary>
    private static readonly FrozenSet<int> Codes = Util.GetSupportedCallingCodes().Append(379).ToFrozenSet();

    private static readonly ConcurrentDictionary<int, Patterns> PatternsByCode = new();

    /// <summary>
    /// A country's rules as the shortcuts need them: its region code ("001" for the non-geographic
    /// codes), the code's digits, the national (trunk) prefix and international prefix patterns, and
    /// for <see cref="TryStripTrunkPrefix"/> the plain trunk prefix, the pattern every national
    /// number matches, the lengths a number may have and those only dialled locally (null and
    /// empty where the country's rules are not that simple).
    /// </summary>
    private sealed record Patterns(
        string Region, string CodeDigits, Prefix? NationalPrefix, Prefix? InternationalPrefix,
        string? PlainTrunkPrefix, Regex? NationalNumber, FrozenSet<int> PossibleLengths, FrozenSet<int> LocalOnlyLengths);

    /// <summary>True when <paramref name="code"/> is a country calling code in service.</summary>
    public static bool IsCountryCode(int code) => Codes.Contains(code);

    /// <summary>Splits the country code (1–3 digits, the first that is one) off an international number's digits.</summary>
    public static bool TrySplitCountryCode(string digits, out int code, out string national)
    {
        var found = TrySplitCountryCode(digits, out code, out int codeLength);
        national = found ? digits[codeLength..] : "";
        return found;
    }

    /// <summary>As <see cref="TrySplitCountryCode(string, out int, out string)"/>, giving the code's length in digits instead of a new string.</summary>
    public static bool TrySplitCountryCode(ReadOnlySpan<char> digits, out int code, out int codeLength)
    {
        code = 0;
        for (codeLength = 1; codeLength <= 3 && codeLength < digits.Length; codeLength++)
        {
            code = (code * 10) + (digits[codeLength - 1] - '0');
            if (code != 0 && Codes.Contains(code))
            {
                return true;
            }
        }
        codeLength = 0;
        return false;
    }

    /// <summary>
    /// True when libphonenumber reads <paramref name="national"/> in country <paramref name="code"/>
    /// as exactly "+code" + national: no national (trunk) prefix its rules would strip, and, for a
    /// number written nationally, no international prefix and no repeated country code. False means
    /// "ask <see cref="Parse"/>", not "the library would change it".
    /// </summary>
    public static bool ReadsUnchanged(int code, ReadOnlySpan<char> national, bool writtenNationally)
    {
        if (national.Length is < MinNational or > MaxNational || GetPatterns(code) is not { } patterns)
        {
            return false;
        }
        if (patterns.NationalPrefix?.Matches(national) == true)
        {
            return false;
        }
        return !writtenNationally
            || (patterns.Region != NonGeographic
                && patterns.InternationalPrefix?.Matches(national) != true
                && !national.StartsWith(patterns.CodeDigits, StringComparison.Ordinal));
    }

    /// <summary>
    /// For a number written nationally with its country's plain trunk prefix (UK 0 7700 900123):
    /// true, and the length of that prefix, when libphonenumber would give exactly "+code" + the
    /// digits after it as a possible number. It does when the country strips a fixed prefix with no
    /// rewrite rule, the digits after it are a national number of the country (its general pattern)
    /// of a possible length that is not only dialled locally, and nothing else in the digits (international prefix, repeated country
    /// code) would be read first. False means "ask <see cref="Parse"/>". Tests compare it with the full parse.
    /// </summary>
    public static bool TryStripTrunkPrefix(int code, ReadOnlySpan<char> national, out int prefixLength)
    {
        prefixLength = 0;
        if (national.Length is < MinNational or > MaxNational
            || GetPatterns(code) is not { PlainTrunkPrefix: { } trunk, NationalNumber: { } pattern } patterns
            || !national.StartsWith(trunk, StringComparison.Ordinal)
            || national.StartsWith(patterns.CodeDigits, StringComparison.Ordinal)
            || patterns.InternationalPrefix?.Matches(national) == true)
        {
            return false;
        }
        var rest = national[trunk.Length..];
        if (rest.Length < MinNational || !patterns.PossibleLengths.Contains(rest.Length) || patterns.LocalOnlyLengths.Contains(rest.Length)
            || !pattern.IsMatch(rest))
        {
            return false;
        }
        prefixLength = trunk.Length;
        return true;
    }

    /// <summary>
    /// Parses digits in country <paramref name="code"/>: as written in that country (trunk prefix,
    /// international prefix, repeated country code) when <paramref name="writtenNationally"/>,
    /// otherwise as what follows "+code".
    /// </summary>
    public static PhoneReading Parse(int code, string national, bool writtenNationally)
    {
        var region = GetPatterns(code)?.Region ?? "ZZ";
        try
        {
            var number = writtenNationally && region is not ("ZZ" or NonGeographic)
                ? Util.Parse(national, region)
                : Util.Parse("+" + code.ToString(System.Globalization.CultureInfo.InvariantCulture) + national, "ZZ");
            var length = Util.IsPossibleNumberWithReason(number) switch
            {
                Lib.PhoneNumberUtil.ValidationResult.IS_POSSIBLE => PhoneLength.Possible,
                Lib.PhoneNumberUtil.ValidationResult.TOO_SHORT => PhoneLength.TooShort,
                Lib.PhoneNumberUtil.ValidationResult.TOO_LONG => PhoneLength.TooLong,
                Lib.PhoneNumberUtil.ValidationResult.IS_POSSIBLE_LOCAL_ONLY => PhoneLength.LocalOnly,
                _ => PhoneLength.InvalidLength,
            };
            return new PhoneReading(Util.Format(number, Lib.PhoneNumberFormat.E164), number.CountryCode, length, number);
        }
        catch (Lib.NumberParseException)
        {
            return new PhoneReading("", code, PhoneLength.Unreadable, null);
        }
    }

    /// <summary>libphonenumber's verdict on a possible number: in a range assigned in its country.</summary>
    public static bool IsValid(PhoneReading reading) => reading.Number is { } number && Util.IsValidNumber(number);

    private static Patterns? GetPatterns(int code) =>
        Codes.Contains(code) ? PatternsByCode.GetOrAdd(code, LoadPatterns) : null;

    private static Patterns LoadPatterns(int code)
    {
        var region = Util.GetRegionCodeForCountryCode(code);
        var metadata = region == NonGeographic
            ? Util.GetMetadataForNonGeographicalRegion(code)
            : Util.GetMetadataForRegion(region);
        var forParsing = metadata?.NationalPrefixForParsing is { Length: > 0 } parsing ? parsing : metadata?.NationalPrefix;
        // The trunk-prefix shortcut only where libphonenumber strips a fixed string and rewrites nothing.
        var general = metadata?.GeneralDesc;
        var plain = metadata is not null && general is not null && region != NonGeographic
            && string.IsNullOrEmpty(metadata.NationalPrefixTransformRule)
            && forParsing is { Length: > 0 } && forParsing.All(char.IsAsciiDigit)
            && general.NationalNumberPattern is { Length: > 0 };
        return new Patterns(
            metadata is null ? "ZZ" : region,
            code.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Prefix.Of(forParsing),
            Prefix.Of(metadata?.InternationalPrefix),
            plain ? forParsing : null,
            plain ? new Regex("^(?:" + general!.NationalNumberPattern + ")$", RegexOptions.CultureInvariant) : null,
            plain ? general!.PossibleLengthList.ToFrozenSet() : FrozenSet<int>.Empty,
            plain ? general!.PossibleLengthLocalOnlyList.ToFrozenSet() : FrozenSet<int>.Empty);
    }

    /// <summary>
    /// A pattern libphonenumber matches at the start of a number ("looking at"). Most are a fixed
    /// string of digits (a trunk prefix "0", an international prefix "00"): those are compared, the
    /// rest run as a regular expression (interpreted: no compile cost at start-up).
    /// </summary>
    private sealed class Prefix
    {
        private readonly string? literal;
        private readonly Regex? regex;

        private Prefix(string pattern)
        {
            if (pattern.All(char.IsAsciiDigit))
            {
                literal = pattern;
            }
            else
            {
                regex = new Regex("^(?:" + pattern + ")", RegexOptions.CultureInvariant);
            }
        }

        public static Prefix? Of(string? pattern) => string.IsNullOrEmpty(pattern) ? null : new Prefix(pattern);

        public bool Matches(ReadOnlySpan<char> digits) =>
            literal is not null ? digits.StartsWith(literal, StringComparison.Ordinal) : regex!.IsMatch(digits);
    }
}
