using System.Text;

namespace Callbook.Contacts;

/// <summary>
/// The normalised form names are searched in, stored next to each contact, indexed, and applied
/// to queries: compatibility decomposition, accents of the Latin, Greek and Cyrillic scripts
/// dropped (so "elo" finds "Élodie", whichever way the é was typed), invariant lower case, and
/// "ß" as "ss" (so "strasse" finds "Straße"). CJK has no case and is kept as is; Japanese voicing
/// marks are kept, since dropping them would change the word.
/// </summary>
public static class ContactSearch
{
    public const int MaxQueryLength = 100;

    public static string Key(string text)
    {
        // ASCII has nothing to decompose or drop: lower case is the whole key (most names; two per contact written).
        if (System.Text.Ascii.IsValid(text))
        {
            return text.ToLowerInvariant();
        }
        var decomposed = text.Normalize(NormalizationForm.FormKD);
        var kept = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (c is < '\u0300' or > '\u036f')
            {
                kept.Append(c);
            }
        }
        return kept.ToString().Normalize(NormalizationForm.FormC).ToLowerInvariant().Replace("ß", "ss", StringComparison.Ordinal);
    }

    /// <summary>False when .NET's Unicode normalisation refuses the text (it does for U+FFFE, for one), so that it can never become a key.</summary>
    public static bool CanNormalize(string text)
    {
        try
        {
            _ = text.Normalize(NormalizationForm.FormKD);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>The key the full name is searched by (first + " " + last).</summary>
    public static string FullKey(ContactFields fields) => Key(fields.FirstName + " " + fields.LastName);

    /// <summary>The key the last name is searched by.</summary>
    public static string LastKey(ContactFields fields) => Key(fields.LastName);

    /// <summary>The smallest string greater than every string that starts with <paramref name="prefix"/>: [prefix, upper) is a range scan.</summary>
    public static string UpperBound(string prefix) => prefix + char.ConvertFromUtf32(0x10FFFF);
}
