using Callbook.Contacts;
using Callbook.Phones;
using Callbook.Storage;

namespace Callbook.WebConsole;

/// <summary>
/// The console's one search box: text with a digit and nothing but phone punctuation is a caller
/// lookup through <see cref="PhoneQuery"/> (any format, as the API's <c>phone=</c>); anything else is a
/// name prefix through <see cref="ContactSearch.Key"/> (as the API's <c>q=</c>).
/// </summary>
public sealed record ConsoleSearch(string? NamePrefix, IReadOnlyList<string>? Phones, string? Error)
{
    public static readonly ConsoleSearch None = new(null, null, null);

    public bool IsPhone => Phones is not null;

    public static ConsoleSearch Parse(string? text)
    {
        var q = text?.Trim() ?? "";
        if (q.Length == 0)
        {
            return None;
        }
        if (q.Any(char.IsAsciiDigit) && q.All(c => char.IsAsciiDigit(c) || c is '+' or ' ' or '-' or '.' or '(' or ')'))
        {
            return PhoneQuery.Candidates(q, null, out var candidates) is { } error
                ? new ConsoleSearch(null, null, "To find a number, type all of it with its country code, e.g. +91 244-561-2345 (" + error.Msg + ").")
                : new ConsoleSearch(null, candidates, null);
        }
        return q.Length > ContactSearch.MaxQueryLength
            ? new ConsoleSearch(null, null, $"Type at most {ContactSearch.MaxQueryLength} characters.")
            : new ConsoleSearch(ContactSearch.Key(q), null, null);
    }

    /// <summary>What a cursor is bound to: the API's format, so cursors mean the same in both.</summary>
    public string Filters(StatusFilter status) => string.Join('|', status, NamePrefix, Phones is null ? "" : string.Join(',', Phones));
}
