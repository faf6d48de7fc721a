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
/// so <see cref="ReadsUnchanged"/> answers first, from the library's own metadata, whether the
/// library would give back exactly the digits it was handed; callers skip the parse when it does.
/// Tests compare that shortcut with the full parse on random numbers of every country code.
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

    /// <summary>The region code libphonenumber keeps a country's rules under ("001" for the non-geographic codes).</summary>
    private sealed record Patterns(string Region, string CodeDigits, Regex? NationalPrefix, Regex? InternationalPrefix);

    /// <summary>True when <paramref name="code"/> is a country calling code in service.</summary>
    public static bool IsCountryCode(int code) => Codes.Contains(code);

    /// <summary>Splits the country code (1–3 digits, the first that is one) off an international number's digits.</summary>
    public static bool TrySplitCountryCode(string digits, out int code, out string national)
    {
        code = 0;
        for (var length = 1; length <= 3 && length < digits.Length; length++)
        {
            code = (code * 10) + (digits[length - 1] - '0');
            if (code != 0 && Codes.Contains(code))
            {
                national = digits[length..];
                return true;
            }
        }
        national = "";
        return false;
    }

    /// <summary>
    /// True when libphonenumber reads <paramref name="national"/> in country <paramref name="code"/>
    /// as exactly "+code" + national: no national (trunk) prefix its rules would strip, and, for a
    /// number written nationally, no international prefix and no repeated country code. False means
    /// "ask <see cref="Parse"/>", not "the library would change it".
    /// </summary>
    public static bool ReadsUnchanged(int code, string national, bool writtenNationally)
    {
        if (national.Length is < MinNational or > MaxNational || GetPatterns(code) is not { } patterns)
        {
            return false;
        }
        if (patterns.NationalPrefix?.IsMatch(national) == true)
        {
            return false;
        }
        return !writtenNationally
            || (patterns.Region != NonGeographic
                && patterns.InternationalPrefix?.IsMatch(national) != true
                && !national.StartsWith(patterns.CodeDigits, StringComparison.Ordinal));
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
        // Anchored like libphonenumber's own "looking at" matches; interpreted (no compile cost at start-up).
        static Regex? Anchored(string? pattern) =>
            string.IsNullOrEmpty(pattern) ? null : new Regex("^(?:" + pattern + ")", RegexOptions.CultureInvariant);
        return new Patterns(
            metadata is null ? "ZZ" : region,
            code.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Anchored(metadata?.NationalPrefixForParsing is { Length: > 0 } forParsing ? forParsing : metadata?.NationalPrefix),
            Anchored(metadata?.InternationalPrefix));
    }
}
