using Callbook.Errors;

namespace Callbook.Phones;

/// <summary>
/// Turns a caller number in any everyday format into the stored numbers it can mean:
/// spaces, dashes, dots and parentheses are dropped; a leading '+' or '00' marks an
/// international number; a national number is completed with <c>countryCode</c>, with and
/// without its trunk '0'; digits alone without a country code are read as international
/// (how most telephony systems pass the caller id).
/// </summary>
public static class PhoneQuery
{
    public const int MaxLength = 64;

    public static ApiError? Candidates(string phone, string? countryCode, out IReadOnlyList<string> candidates)
    {
        candidates = [];
        if (phone.Length > MaxLength)
        {
            return Invalid($"phone must be at most {MaxLength} characters");
        }
        Span<char> digits = stackalloc char[MaxLength];
        var length = 0;
        var international = false;
        foreach (var c in phone.AsSpan().Trim())
        {
            if (c is ' ' or '-' or '.' or '(' or ')' or '\u00a0')
            {
                continue;
            }
            if (c == '+' && length == 0 && !international)
            {
                international = true;
                continue;
            }
            if (!char.IsAsciiDigit(c))
            {
                return Invalid("phone may hold digits, spaces, dashes, dots, parentheses and a leading + or 00 only");
            }
            digits[length++] = c;
        }
        var number = digits[..length];
        if (!international && number.StartsWith("00"))
        {
            international = true;
            number = number[2..];
        }
        if (international || countryCode is null)
        {
            if (countryCode is not null && !international && ValidateCode(countryCode) is { } codeError)
            {
                return codeError;
            }
            if (number.Length is < PhoneNumbers.MinNationalDigits + 1 or > PhoneNumbers.MaxE164Digits)
            {
                return Invalid($"phone must have {PhoneNumbers.MinNationalDigits + 1} to {PhoneNumbers.MaxE164Digits} digits with its country code");
            }
            candidates = ["+" + number.ToString()];
            return null;
        }
        if (ValidateCode(countryCode) is { } error)
        {
            return error;
        }
        var code = countryCode[1..];
        var national = number.ToString();
        var withoutTrunk = national.TrimStart('0');
        var list = new List<string>(2);
        foreach (var candidate in (string[])[national, withoutTrunk])
        {
            if (candidate.Length >= PhoneNumbers.MinNationalDigits && code.Length + candidate.Length <= PhoneNumbers.MaxE164Digits && !list.Contains("+" + code + candidate))
            {
                list.Add("+" + code + candidate);
            }
        }
        if (list.Count == 0)
        {
            return Invalid($"phone must have {PhoneNumbers.MinNationalDigits} to {PhoneNumbers.MaxE164Digits - code.Length} national digits");
        }
        candidates = list;
        return null;
    }

    private static ApiError? ValidateCode(string countryCode) =>
        PhoneNumbers.ValidateCountryCode(countryCode, "countryCode", out _) is { } error ? error with { Code = ErrorCodes.InvalidQuery } : null;

    private static ApiError Invalid(string msg) => new(msg, ErrorCodes.InvalidQuery, "phone");
}
