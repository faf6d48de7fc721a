using System.Globalization;
using Callbook.Errors;

namespace Callbook.Phones;

/// <summary>How strictly a written number is checked (<c>Callbook:Phones:Validation</c>).</summary>
public enum PhoneValidation
{
    /// <summary>The contract's floor: what libphonenumber cannot read as a possible number is stored as '+', country code and digits.</summary>
    Contract,

    /// <summary>Only numbers of a length libphonenumber says the country uses.</summary>
    Possible,

    /// <summary>Only numbers in ranges libphonenumber says are assigned in the country.</summary>
    Valid,
}

/// <summary>
/// The stored form of <c>cellPhone</c> (docs/phones.md). A number written in any format of
/// <see cref="PhoneText"/>, nationally (trunk prefix, international prefix or repeated country
/// code allowed) or as "+" and the same country code, is stored as the E.164 form libphonenumber
/// gives for it in the country code's region whenever that is a possible number there. Otherwise,
/// under <see cref="PhoneValidation.Contract"/>, the contract's rule applies: '+', country code and
/// the digits as written, at least 4 national digits and at most 15 digits in all.
/// </summary>
public static class CanonicalPhone
{
    public const int MaxE164Digits = 15;
    public const int MinNationalDigits = 4;

    /// <summary>
    /// Reads a country code written "+44", "44" or with any of <see cref="PhoneText"/>'s separators;
    /// returns the code or an <c>INVALID_FIELD</c> error naming <paramref name="field"/>.
    /// </summary>
    public static ApiError? ReadCountryCode(string text, string field, out int code)
    {
        code = 0;
        if (PhoneText.Read(text, out var reading) is not null || reading.Digits.Length > 3)
        {
            return new ApiError($"{field} must be '+' followed by 1 to 3 digits", ErrorCodes.InvalidField, field);
        }
        code = int.Parse(reading.Digits, CultureInfo.InvariantCulture);
        return reading.Digits[0] != '0' && PhoneLibrary.IsCountryCode(code)
            ? null
            : new ApiError($"{field} is not an assigned country calling code", ErrorCodes.InvalidField, field);
    }

    /// <summary>The way a country code is stored and shown: "+44".</summary>
    public static string FormatCountryCode(int code) => "+" + code.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Builds the stored number for country <paramref name="code"/> from the sent
    /// <paramref name="phoneNumber"/>; an error names <paramref name="field"/> and says why.
    /// </summary>
    public static ApiError? Canonicalize(int code, string phoneNumber, PhoneValidation validation, string field, out string stored)
    {
        stored = "";
        if (PhoneText.Read(phoneNumber, out var reading) is { } problem)
        {
            return Invalid($"{field} {problem}", field);
        }
        var codeDigits = code.ToString(CultureInfo.InvariantCulture);
        var national = reading.Digits;
        if (reading.International)
        {
            if (!national.StartsWith(codeDigits, StringComparison.Ordinal))
            {
                return Invalid($"{field} starts with '+' but not with the country code +{codeDigits}", field);
            }
            national = national[codeDigits.Length..];
        }
        var floorError = ContractForm(codeDigits, national, field, out var contractForm);
        // Where libphonenumber would hand the digits back unchanged, its answer and the contract's are the same string.
        if (validation == PhoneValidation.Contract && floorError is null && PhoneLibrary.ReadsUnchanged(code, national, !reading.International))
        {
            stored = contractForm;
            return null;
        }
        // A plain trunk prefix (UK 0, DE 0, RU 8, HU 06) before a possible national number: libphonenumber's answer without its parse.
        if (validation != PhoneValidation.Valid && !reading.International && PhoneLibrary.TryStripTrunkPrefix(code, national, out var trunk)
            && codeDigits.Length + national.Length - trunk <= MaxE164Digits)
        {
            stored = string.Concat("+", codeDigits, national.AsSpan(trunk));
            return null;
        }
        var parsed = PhoneLibrary.Parse(code, national, !reading.International);
        if (parsed.Length == PhoneLength.Possible && parsed.CountryCode != code && !reading.International)
        {
            // The digits dial out of the country (its international prefix: 00, 011, 8~10) to another one. Stored under
            // this code they would be a second form of another country's line: refused like a '+' with another code.
            var other = parsed.CountryCode.ToString(CultureInfo.InvariantCulture);
            return Invalid($"{field} starts with the international prefix of +{codeDigits} and dials +{other}: send it with countryCode +{other}, or as +{other}…", field);
        }
        if (parsed.Length == PhoneLength.Possible && parsed.CountryCode == code && parsed.E164.Length <= MaxE164Digits + 1)
        {
            if (validation == PhoneValidation.Valid && !PhoneLibrary.IsValid(parsed))
            {
                return Invalid($"{field} is not a valid number for +{codeDigits}: it is not in a range assigned there", field);
            }
            stored = parsed.E164;
            return null;
        }
        if (validation != PhoneValidation.Contract)
        {
            return Invalid($"{field} is not a valid number for +{codeDigits}: {Why(parsed, codeDigits)}", field);
        }
        stored = contractForm;
        return floorError;
    }

    /// <summary>
    /// The stored form a number written by an earlier version (always '+', country code, digits as
    /// sent) would have today, under the contract's floor: read as international, and where that
    /// changes nothing and the digits repeat the country code (Excel dropped the '+'), read as they
    /// were sent, nationally. Null when it cannot be read.
    /// </summary>
    public static string? Recanonicalize(string countryCode, string stored)
    {
        if (ReadCountryCode(countryCode, "countryCode", out var code) is not null
            || Canonicalize(code, stored, PhoneValidation.Contract, "phoneNumber", out var canonical) is not null)
        {
            return null;
        }
        var codeDigits = code.ToString(CultureInfo.InvariantCulture);
        if (canonical != stored || !stored.StartsWith("+" + codeDigits + codeDigits, StringComparison.Ordinal))
        {
            return canonical;
        }
        return Canonicalize(code, stored[(1 + codeDigits.Length)..], PhoneValidation.Contract, "phoneNumber", out var national) is null ? national : canonical;
    }

    private static ApiError? ContractForm(string codeDigits, string national, string field, out string stored)
    {
        stored = "";
        if (national.Length < MinNationalDigits)
        {
            return Invalid($"{field} must have at least {MinNationalDigits} digits", field);
        }
        if (codeDigits.Length + national.Length > MaxE164Digits)
        {
            return Invalid($"{field} is too long: country code and number exceed {MaxE164Digits} digits", field);
        }
        stored = string.Concat("+", codeDigits, national);
        return null;
    }

    private static string Why(PhoneReading parsed, string codeDigits) => parsed.Length switch
    {
        PhoneLength.Possible => $"it is a number of +{parsed.CountryCode.ToString(CultureInfo.InvariantCulture)}",
        PhoneLength.TooShort => $"too short for +{codeDigits}",
        PhoneLength.TooLong => $"too long for +{codeDigits}",
        PhoneLength.LocalOnly => "a local number: add its area code",
        PhoneLength.InvalidLength => $"no number of +{codeDigits} has that many digits",
        _ => "it cannot be read as a phone number there",
    };

    private static ApiError Invalid(string message, string field) => new(message, ErrorCodes.InvalidField, field);
}
