using Lib = PhoneNumbers;

namespace Callbook.Phones;

/// <summary>A stored number as people read it: libphonenumber's international format and the line's type.</summary>
/// <param name="International">For example "+44 7700 900123"; the stored form when libphonenumber cannot read it.</param>
/// <param name="Type">"mobile", "fixed line", "toll free", …; null when unknown.</param>
public sealed record PhoneDisplay(string International, string? Type)
{
    /// <summary>Describes a stored E.164 number (parsing and typing cost tens of µs: for pages, not for lookups).</summary>
    public static PhoneDisplay Of(string stored)
    {
        if (!PhoneLibrary.TrySplitCountryCode(stored.TrimStart('+'), out var code, out var national))
        {
            return new PhoneDisplay(stored, null);
        }
        var reading = PhoneLibrary.Parse(code, national, writtenNationally: false);
        if (reading.Number is not { } number || reading.E164 != stored)
        {
            return new PhoneDisplay(stored, null);
        }
        var type = PhoneLibrary.Util.GetNumberType(number) switch
        {
            Lib.PhoneNumberType.MOBILE => "mobile",
            Lib.PhoneNumberType.FIXED_LINE => "fixed line",
            Lib.PhoneNumberType.FIXED_LINE_OR_MOBILE => "fixed line or mobile",
            Lib.PhoneNumberType.TOLL_FREE => "toll free",
            Lib.PhoneNumberType.PREMIUM_RATE => "premium rate",
            Lib.PhoneNumberType.SHARED_COST => "shared cost",
            Lib.PhoneNumberType.VOIP => "VoIP",
            Lib.PhoneNumberType.PERSONAL_NUMBER => "personal number",
            Lib.PhoneNumberType.PAGER => "pager",
            Lib.PhoneNumberType.UAN => "UAN",
            Lib.PhoneNumberType.VOICEMAIL => "voicemail",
            _ => null,
        };
        return new PhoneDisplay(PhoneLibrary.Util.Format(number, Lib.PhoneNumberFormat.INTERNATIONAL), type);
    }
}
