using Callbook.Contacts;
using Callbook.Phones;

namespace Callbook.WebConsole;

/// <summary>
/// The console's one search box: text with a digit and nothing else but what a written number holds
/// (separators, '+', Unicode digits and format characters, a <c>tel:</c> prefix) is a caller lookup
/// through <see cref="PhoneQuery"/>, as the API's <c>phone=</c>, with the stream's default country
/// reading a national number; anything else is a name prefix through <see cref="ContactSearch.Key"/>
/// (as the API's <c>q=</c>).
/// </summary>
public sealed record ConsoleSearch(string? NamePrefix, IReadOnlyList<string>? Phones, string? Error)
{
    public static readonly ConsoleSearch None = new(null, null, null);

    public bool IsPhone => Phones is not null;

    /// <param name="text">What was typed.</param>
    /// <param name="defaultCountryCode">The stream's default country code ("+46"), or null.</param>
    public static ConsoleSearch Parse(string? text, string? defaultCountryCode)
    {
        var q = text?.Trim() ?? "";
        if (q.Length == 0)
        {
            return None;
        }
        if (LooksLikeNumber(q))
        {
            if (PhoneQuery.Candidates(q, null, defaultCountryCode, out var candidates) is not { } error)
            {
                return new ConsoleSearch(null, candidates, null);
            }
            var how = defaultCountryCode is null
                ? "type it with its country code, e.g. +91 244-561-2345 (an administrator can give this stream a default country)"
                : $"type it as dialled in {defaultCountryCode} or with its country code";
            return new ConsoleSearch(null, null, $"To find a number, {how} ({error.Msg}).");
        }
        return q.Length > ContactSearch.MaxQueryLength
            ? new ConsoleSearch(null, null, $"Type at most {ContactSearch.MaxQueryLength} characters.")
            : new ConsoleSearch(ContactSearch.Key(q), null, null);
    }

    /// <summary>A digit, and no letter outside a leading "tel:": names never hold digits only.</summary>
    private static bool LooksLikeNumber(string q)
    {
        var rest = q.StartsWith("tel:", StringComparison.OrdinalIgnoreCase) ? q[4..] : q;
        return rest.Any(char.IsDigit) && !rest.Any(char.IsLetter);
    }
}
