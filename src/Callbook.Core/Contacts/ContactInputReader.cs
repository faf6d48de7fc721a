using System.Text.Json;
using Callbook.Errors;
using Callbook.Phones;

namespace Callbook.Contacts;

/// <summary>
/// Reads one contact input from JSON and applies the contract's field rules. Every problem is
/// reported (not only the first), each with its JSON path. Unknown and server-managed fields
/// are ignored.
/// </summary>
public static class ContactInputReader
{
    /// <summary>U+FFFD: what a decoder puts where bytes were not valid in its encoding; never part of a real name.</summary>
    private const char ReplacementCharacter = '\uFFFD';

    public static ContactFields? Read(JsonElement element, PhoneRules rules, List<ApiError> errors, int? index = null)
    {
        var before = errors.Count;
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new ApiError("each contact must be a JSON object", ErrorCodes.InvalidBody, null, index));
            return null;
        }

        var firstName = ReadName(element, "firstName", ContactRules.MaxNameLength, trim: true, errors, index);
        var lastName = ReadName(element, "lastName", ContactRules.MaxNameLength, trim: true, errors, index);
        var salutation = ReadName(element, "salutation", ContactRules.MaxSalutationLength, trim: false, errors, index);
        var phone = ReadCellPhone(element, rules, errors, index);
        var address = ReadObjectArray(element, "address", errors, index);
        var twitter = ReadObjectArray(element, "twitterDetails", errors, index);

        if (errors.Count != before)
        {
            return null;
        }
        return new ContactFields(firstName!, lastName!, salutation!, phone!, address!, twitter!);
    }

    /// <summary>
    /// Builds the fields from plain strings, as a CSV row (<paramref name="row"/>) or a console form
    /// (no row) gives them; errors name the CSV columns (<c>cellPhoneNumber</c>…). Cells are read as
    /// spreadsheets hold them: the phone cells may carry spaces around them.
    /// </summary>
    public static ContactFields? FromStrings(
        string firstName, string lastName, string salutation,
        string phoneNumber, string countryCode, string extension,
        PhoneRules rules, List<ApiError> errors, int? row = null)
    {
        var before = errors.Count;
        var first = CheckText(firstName, "firstName", ContactRules.MaxNameLength, trim: true, errors, null, row);
        var last = CheckText(lastName, "lastName", ContactRules.MaxNameLength, trim: true, errors, null, row);
        var sal = CheckText(salutation, "salutation", ContactRules.MaxSalutationLength, trim: false, errors, null, row);
        if (countryCode.Trim().Length == 0 && rules.DefaultCountryCode is { } defaultCode)
        {
            countryCode = defaultCode;
        }
        var phone = CheckPhone(phoneNumber, countryCode, extension, "cellPhoneNumber", "cellPhoneCountryCode", "cellPhoneExtension", rules, errors, null, row);
        if (errors.Count != before)
        {
            return null;
        }
        return new ContactFields(first!, last!, sal!, phone!, "[]", "[]");
    }

    private static string? ReadName(JsonElement obj, string name, int max, bool trim, List<ApiError> errors, int? index)
    {
        var value = ReadString(obj, name, name, errors, index);
        return value is null ? null : CheckText(value, name, max, trim, errors, index, null);
    }

    private static string? CheckText(string value, string field, int max, bool trim, List<ApiError> errors, int? index, int? row)
    {
        var text = trim ? value.Trim() : value;
        if (text.Length == 0 || string.IsNullOrWhiteSpace(text))
        {
            errors.Add(new ApiError($"{field} must not be empty", ErrorCodes.InvalidField, field, index, row));
            return null;
        }
        if (text.Length > max)
        {
            errors.Add(new ApiError($"{field} must be at most {max} characters", ErrorCodes.InvalidField, field, index, row));
            return null;
        }
        if (HasControlCharacters(text))
        {
            errors.Add(new ApiError($"{field} must not contain control characters other than line breaks (CR, LF)", ErrorCodes.InvalidField, field, index, row));
            return null;
        }
        if (text.Contains(ReplacementCharacter, StringComparison.Ordinal))
        {
            errors.Add(new ApiError($"{field} holds U+FFFD, the replacement character: the text was mis-decoded before it was sent; send or save it as UTF-8", ErrorCodes.InvalidField, field, index, row));
            return null;
        }
        if (!ContactSearch.CanNormalize(text))
        {
            errors.Add(new ApiError($"{field} must be valid Unicode text", ErrorCodes.InvalidField, field, index, row));
            return null;
        }
        return text;
    }

    private static CellPhone? ReadCellPhone(JsonElement obj, PhoneRules rules, List<ApiError> errors, int? index)
    {
        if (!obj.TryGetProperty("cellPhone", out var phone) || phone.ValueKind == JsonValueKind.Null)
        {
            errors.Add(new ApiError("cellPhone is required", ErrorCodes.RequiredField, "cellPhone", index));
            return null;
        }
        if (phone.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new ApiError("cellPhone must be an object", ErrorCodes.InvalidField, "cellPhone", index));
            return null;
        }
        var before = errors.Count;
        var number = ReadString(phone, "phoneNumber", "cellPhone.phoneNumber", errors, index);
        var countryCode = ReadString(phone, "countryCode", "cellPhone.countryCode", errors, index);
        var extension = ReadString(phone, "extension", "cellPhone.extension", errors, index);
        if (errors.Count != before)
        {
            return null;
        }
        return CheckPhone(number!, countryCode!, extension!, "cellPhone.phoneNumber", "cellPhone.countryCode", "cellPhone.extension", rules, errors, index, null);
    }

    private static CellPhone? CheckPhone(
        string number, string countryCode, string extension,
        string numberField, string codeField, string extensionField,
        PhoneRules rules, List<ApiError> errors, int? index, int? row)
    {
        var before = errors.Count;
        if (extension.Length > ContactRules.MaxExtensionLength || HasControlCharacters(extension) || extension.Contains(ReplacementCharacter, StringComparison.Ordinal))
        {
            errors.Add(new ApiError($"{extensionField} must be at most {ContactRules.MaxExtensionLength} characters, without control characters other than line breaks (CR, LF) or U+FFFD",
                ErrorCodes.InvalidField, extensionField, index, row));
        }
        var codeError = CanonicalPhone.ReadCountryCode(countryCode, codeField, out var code);
        if (codeError is not null)
        {
            errors.Add(codeError with { Index = index, Row = row });
        }
        else
        {
            var numberError = CanonicalPhone.Canonicalize(code, number, rules.Validation, numberField, out var stored);
            if (numberError is not null)
            {
                errors.Add(numberError with { Index = index, Row = row });
            }
            else if (errors.Count == before)
            {
                return new CellPhone(extension, stored, CanonicalPhone.FormatCountryCode(code));
            }
        }
        return null;
    }

    private static string? ReadString(JsonElement obj, string name, string field, List<ApiError> errors, int? index)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            errors.Add(new ApiError($"{field} is required", ErrorCodes.RequiredField, field, index));
            return null;
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(new ApiError($"{field} must be a string", ErrorCodes.InvalidField, field, index));
            return null;
        }
        return value.GetString();
    }

    private static string? ReadObjectArray(JsonElement obj, string name, List<ApiError> errors, int? index)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return "[]";
        }
        if (value.ValueKind != JsonValueKind.Array)
        {
            errors.Add(new ApiError($"{name} must be an array of objects", ErrorCodes.InvalidField, name, index));
            return null;
        }
        var i = 0;
        var ok = true;
        foreach (var item in value.EnumerateArray())
        {
            var field = $"{name}[{i}]";
            if (i >= ContactRules.MaxArrayItems)
            {
                errors.Add(new ApiError($"{name} must have at most {ContactRules.MaxArrayItems} items", ErrorCodes.InvalidField, name, index));
                return null;
            }
            if (item.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new ApiError($"{field} must be an object", ErrorCodes.InvalidField, field, index));
                ok = false;
            }
            else if (item.GetRawText().Length > ContactRules.MaxArrayItemBytes)
            {
                errors.Add(new ApiError($"{field} must be at most {ContactRules.MaxArrayItemBytes} bytes", ErrorCodes.InvalidField, field, index));
                ok = false;
            }
            i++;
        }
        return ok ? value.GetRawText() : null;
    }

    /// <summary>
    /// True when the text holds a control character other than CR and LF. A spreadsheet cell may hold
    /// line breaks (a quoted CSV cell, Alt+Enter in Excel), and they are stored exactly as written; NUL
    /// (which PostgreSQL text cannot hold), tab, the other C0 and the C1 controls are refused.
    /// </summary>
    private static bool HasControlCharacters(string value)
    {
        foreach (var c in value)
        {
            if (char.IsControl(c) && c is not ('\r' or '\n'))
            {
                return true;
            }
        }
        return false;
    }
}
