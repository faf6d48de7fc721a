using Callbook.Errors;

namespace Callbook.Phones;

/// <summary>
/// Caller lookup input (<c>?phone=</c>, the console's search box): turns a number written in any
/// format of <see cref="PhoneText"/> into the stored numbers it can mean (docs/phones.md).
/// '+' or a leading 00 make it international. Otherwise it is a national number of
/// <c>countryCode</c>, or of the stream's default country; with neither, a number starting with a
/// single 0 is refused (it needs a country) and other digits are read as international, as
/// telephony systems pass a caller id without its '+'. The reading is the stored form
/// <see cref="CanonicalPhone"/> gives, plus the other form of the same line where a country has two
/// that libphonenumber does not fold (<see cref="PhoneAlternates"/>).
/// </summary>
public static class PhoneQuery
{
    public const int MaxLength = 64;

    /// <summary>Fewest and most digits of an international number searched for, country code included.</summary>
    public const int MinDigits = CanonicalPhone.MinNationalDigits + 1, MaxDigits = 17;

    public static ApiError? Candidates(string phone, string? countryCode, out IReadOnlyList<string> candidates) =>
        Candidates(phone, countryCode, null, out candidates);

    /// <summary>
    /// The stored numbers <paramref name="phone"/> can mean. <paramref name="countryCode"/> is the
    /// request's (errors name it); <paramref name="defaultCountryCode"/> the stream's, used without one.
    /// Errors are <c>INVALID_QUERY_PARAMETER</c>.
    /// </summary>
    public static ApiError? Candidates(string phone, string? countryCode, string? defaultCountryCode, out IReadOnlyList<string> candidates)
    {
        candidates = [];
        if (phone.Length > MaxLength)
        {
            return Invalid($"phone must be at most {MaxLength} characters");
        }
        if (PhoneText.Read(phone, out var reading) is { } problem)
        {
            return Invalid(HoldsPercentEscape(phone)
                ? "phone is not valid UTF-8 text: it holds a percent-escape (such as %FF) that does not decode to a character; send the number's digits, '+' as %2B"
                : "phone " + problem);
        }
        int? region = null;
        if (countryCode is not null)
        {
            if (CanonicalPhone.ReadCountryCode(countryCode, "countryCode", out var code) is { } codeError)
            {
                return codeError with { Code = ErrorCodes.InvalidQuery };
            }
            region = code;
        }
        else if (defaultCountryCode is not null && CanonicalPhone.ReadCountryCode(defaultCountryCode, "defaultCountryCode", out var fallback) is null)
        {
            region = fallback;
        }
        var digits = reading.Digits;
        var international = reading.International;
        if (!international && digits.StartsWith("00", StringComparison.Ordinal) && countryCode is null)
        {
            international = true;
            digits = digits[2..];
        }
        if (!international && region is null)
        {
            if (digits[0] == '0')
            {
                return Invalid("phone is a national number (it starts with a trunk prefix 0): send it with '+' and its country code, or add countryCode (e.g. countryCode=+44)");
            }
            international = true;
        }
        if (!international)
        {
            // The form a write with this country code stores, so a lookup and a write read a number alike.
            return CanonicalPhone.Canonicalize(region!.Value, digits, PhoneValidation.Contract, "phone", out var stored) is { } error
                ? error with { Code = ErrorCodes.InvalidQuery }
                : Found(PhoneAlternates.With(stored), out candidates);
        }
        if (digits.Length is < MinDigits or > MaxDigits)
        {
            return Invalid($"phone must have {MinDigits} to {MaxDigits} digits with its country code");
        }
        // The caller id as sent ("+13175550148") is already the string searched for: no second copy.
        var sent = phone.Length == digits.Length + 1 && phone[0] == '+' && phone.AsSpan(1).SequenceEqual(digits) ? phone : "+" + digits;
        return Found(FromInternational(sent), out candidates);
    }

    private static ApiError? Found(IReadOnlyList<string> found, out IReadOnlyList<string> candidates)
    {
        candidates = found;
        return null;
    }

    /// <summary>
    /// '+' and the digits, as libphonenumber reads them where it reads a possible number; where its
    /// reading differs from the digits as sent, those too (the contract's form of a number it could
    /// not read when it was stored).
    /// </summary>
    private static IReadOnlyList<string> FromInternational(string sent)
    {
        var digits = sent.AsSpan(1);
        if (!PhoneLibrary.TrySplitCountryCode(digits, out var code, out int codeLength) || PhoneLibrary.ReadsUnchanged(code, digits[codeLength..], writtenNationally: false))
        {
            return PhoneAlternates.With(sent);
        }
        var parsed = PhoneLibrary.Parse(code, sent[(1 + codeLength)..], writtenNationally: false);
        return parsed.Length == PhoneLength.Possible && parsed.E164 != sent
            ? [.. PhoneAlternates.With(parsed.E164), sent]
            : PhoneAlternates.With(sent);
    }

    /// <summary>
    /// True when the value holds a '%' and two hex digits: what ASP.NET leaves of percent-escapes that
    /// are not UTF-8 (%FF%FE, a lone %C3, an encoded surrogate), which otherwise read as a stray '%'.
    /// </summary>
    private static bool HoldsPercentEscape(string phone)
    {
        for (var i = 0; i + 2 < phone.Length; i++)
        {
            if (phone[i] == '%' && char.IsAsciiHexDigit(phone[i + 1]) && char.IsAsciiHexDigit(phone[i + 2]))
            {
                return true;
            }
        }
        return false;
    }

    private static ApiError Invalid(string msg) => new(msg, ErrorCodes.InvalidQuery, "phone");
}
