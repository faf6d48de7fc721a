namespace Callbook.Phones;

/// <summary>
/// Lines that have two E.164 forms libphonenumber does not fold into one: a caller lookup tries
/// both, so a contact stored in either form is found from the other (docs/phones.md lists them).
/// <list type="bullet">
/// <item>Argentina (+54): a mobile is dialled from abroad with a 9 after the country code
/// (+54 9 11 1234 5678, libphonenumber's form: its AR rules turn the national 0 11 15 1234 5678
/// into it), while the caller id a mobile presents often lacks the 9 (+54 11 1234 5678), which
/// libphonenumber reads as a fixed line. Rule: +54 9 + 10 digits ⇄ +54 + the same 10 digits.</item>
/// <item>Mexico (+52): until the 2019 numbering change (IFT) mobiles were dialled from abroad as
/// +52 1 + 10 digits; libphonenumber (since 8.10) calls that form too long, so the contract's
/// rule stores it as written. Rule: +52 1 + 10 digits ⇄ +52 + the same 10 digits.</item>
/// </list>
/// </summary>
public static class PhoneAlternates
{
    private const int SubscriberDigits = 10;

    /// <summary><paramref name="stored"/> and, where a rule above applies, its other form.</summary>
    public static IReadOnlyList<string> With(string stored)
    {
        var other = Other(stored, "+54", '9') ?? Other(stored, "+52", '1');
        return other is null ? [stored] : [stored, other];
    }

    private static string? Other(string stored, string country, char marker)
    {
        if (!stored.StartsWith(country, StringComparison.Ordinal))
        {
            return null;
        }
        var rest = stored.AsSpan(country.Length);
        if (rest.Length == SubscriberDigits + 1 && rest[0] == marker)
        {
            return string.Concat(country, rest[1..]);
        }
        return rest.Length == SubscriberDigits && rest[0] != marker ? string.Concat(country, marker.ToString(), rest) : null;
    }
}
