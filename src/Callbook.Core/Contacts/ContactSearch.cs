using System.Text;

namespace Callbook.Contacts;

/// <summary>
/// The normalised form names are searched in: Unicode compatibility composition (so "é" typed
/// as e + accent equals "é") and invariant lower case (Cyrillic, Greek, Latin with diacritics;
/// CJK has no case and is kept). Stored next to each contact, indexed, and applied to queries.
/// </summary>
public static class ContactSearch
{
    public const int MaxQueryLength = 100;

    public static string Key(string text) => text.Normalize(NormalizationForm.FormKC).ToLowerInvariant();

    /// <summary>The key the full name is searched by (first + " " + last).</summary>
    public static string FullKey(ContactFields fields) => Key(fields.FirstName + " " + fields.LastName);

    /// <summary>The key the last name is searched by.</summary>
    public static string LastKey(ContactFields fields) => Key(fields.LastName);

    /// <summary>The smallest string greater than every string that starts with <paramref name="prefix"/>: [prefix, upper) is a range scan.</summary>
    public static string UpperBound(string prefix) => prefix + char.ConvertFromUtf32(0x10FFFF);
}
