using System.Globalization;
using Callbook.Contacts;
using Callbook.Errors;
using Callbook.Stores;
using Microsoft.Extensions.Primitives;

namespace Callbook.Api.Requests;

/// <summary>
/// Reading query parameters bound as raw text (<c>StringValues?</c>, null when absent), with
/// Callbook's own messages: a parameter given twice, a number out of range, an unknown value.
/// </summary>
internal static class QueryValues
{
    /// <summary>The value, or null when absent; a second value is an error.</summary>
    public static string? Single(StringValues? values, string name, List<ApiError> errors)
    {
        var all = values ?? StringValues.Empty;
        if (all.Count > 1)
        {
            errors.Add(new ApiError($"{name} may be given once", ErrorCodes.InvalidQuery, name));
        }
        return all.Count == 0 ? null : all[0];
    }

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>; <paramref name="fallback"/> when absent or wrong (with an error).</summary>
    public static int Int(StringValues? values, string name, int fallback, int min, int max, List<ApiError> errors)
    {
        var all = values ?? StringValues.Empty;
        if (all.Count == 0)
        {
            return fallback;
        }
        if (all.Count > 1 || !int.TryParse(all[0], NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            errors.Add(new ApiError($"{name} must be a whole number from {min} to {max}", ErrorCodes.InvalidQuery, name));
            return fallback;
        }
        return value;
    }

    /// <summary>true/1 or false/0 (any case); false when absent.</summary>
    public static bool Flag(StringValues? values, string name, List<ApiError> errors)
    {
        var all = values ?? StringValues.Empty;
        if (all.Count == 0)
        {
            return false;
        }
        switch (all.Count == 1 ? all[0]?.ToLowerInvariant() : null)
        {
            case "true" or "1":
                return true;
            case "false" or "0":
                return false;
            default:
                errors.Add(new ApiError($"{name} must be true or false", ErrorCodes.InvalidQuery, name));
                return false;
        }
    }

    /// <summary>ACTIVE (the default), INACTIVE or ALL, any case.</summary>
    public static StatusFilter Status(StringValues? values, List<ApiError> errors)
    {
        var all = values ?? StringValues.Empty;
        if (all.Count == 0)
        {
            return StatusFilter.Active;
        }
        switch (all.Count == 1 ? all[0]?.ToUpperInvariant() : null)
        {
            case ContactStatusNames.Active:
                return StatusFilter.Active;
            case ContactStatusNames.Inactive:
                return StatusFilter.Inactive;
            case "ALL":
                return StatusFilter.All;
            default:
                errors.Add(new ApiError("status must be ACTIVE, INACTIVE or ALL", ErrorCodes.InvalidQuery, "status"));
                return StatusFilter.Active;
        }
    }

    /// <summary>The description of <c>status</c> on list and export.</summary>
    public const string StatusDescription = "Which contacts: ACTIVE (default), INACTIVE or ALL (case-insensitive).";
}
