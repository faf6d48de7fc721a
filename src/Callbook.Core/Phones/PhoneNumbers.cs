using Callbook.Errors;

namespace Callbook.Phones;

/// <summary>
/// The contract's phone rules (section 4): a country code of '+' and 1–3 digits that is an
/// assigned E.164 code, a national number of digits only (an already present "+code" prefix
/// is accepted, not doubled), at least 4 national digits and at most 15 digits in all.
/// Stored form: "+" + country code + national digits.
/// </summary>
public static class PhoneNumbers
{
    public const int MaxE164Digits = 15;
    public const int MinNationalDigits = 4;

    /// <summary>Validates a country code such as "+91"; returns its digits or an error.</summary>
    public static ApiError? ValidateCountryCode(string countryCode, string field, out string digits)
    {
        digits = "";
        if (countryCode.Length < 2 || countryCode[0] != '+' || !AllDigits(countryCode.AsSpan(1)) || countryCode.Length > 4)
        {
            return new ApiError($"{field} must be '+' followed by 1 to 3 digits", ErrorCodes.InvalidField, field);
        }
        if (!CountryCallingCodes.IsAssigned(countryCode.AsSpan(1)))
        {
            return new ApiError($"{field} is not an assigned country calling code", ErrorCodes.InvalidField, field);
        }
        digits = countryCode[1..];
        return null;
    }

    /// <summary>Builds the stored number from a valid country code's digits and the sent phone number.</summary>
    public static ApiError? Normalize(string countryDigits, string phoneNumber, string field, out string stored)
    {
        stored = "";
        var national = phoneNumber.AsSpan();
        if (national.Length > 0 && national[0] == '+')
        {
            if (!national[1..].StartsWith(countryDigits, StringComparison.Ordinal))
            {
                return new ApiError($"{field} starts with '+' but not with the country code +{countryDigits}", ErrorCodes.InvalidField, field);
            }
            national = national[(1 + countryDigits.Length)..];
        }
        if (national.IsEmpty || !AllDigits(national))
        {
            return new ApiError($"{field} must contain digits only", ErrorCodes.InvalidField, field);
        }
        if (national.Length < MinNationalDigits)
        {
            return new ApiError($"{field} must have at least {MinNationalDigits} digits", ErrorCodes.InvalidField, field);
        }
        if (countryDigits.Length + national.Length > MaxE164Digits)
        {
            return new ApiError($"{field} is too long: country code and number exceed {MaxE164Digits} digits", ErrorCodes.InvalidField, field);
        }
        stored = string.Concat("+", countryDigits, national);
        return null;
    }

    private static bool AllDigits(ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }
        return true;
    }
}
