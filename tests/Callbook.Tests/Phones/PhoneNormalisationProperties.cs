using System.Text.RegularExpressions;
using Callbook.Phones;
using FsCheck;
using FsCheck.Fluent;

namespace Callbook.Tests.Phones;

/// <summary>Phone reading, storage and caller lookup hold for any input, not only the examples in Unit/PhoneNumberTests.</summary>
public sealed partial class PhoneNormalisationProperties
{
    private static readonly Config Runs = PropertyRuns.Quick(300);

    private static readonly string[] SomeAssignedCodes = ["+1", "+7", "+20", "+33", "+39", "+44", "+49", "+52", "+54", "+91", "+353", "+380", "+852", "+998"];

    /// <summary>Every country calling code libphonenumber knows, for the shortcut's comparison.</summary>
    private static readonly int[] AllCodes = [.. Enumerable.Range(1, 999).Where(PhoneLibrary.IsCountryCode)];

    [Fact]
    public void RandomStringsNeverThrow()
    {
        var inputs = Gen.Two(Generators.AnyText()).ToArbitrary();
        Check.One(Runs, Prop.ForAll(inputs, pair =>
        {
            var (countryCode, phone) = pair;
            if (CanonicalPhone.ReadCountryCode(countryCode, "cc", out var code) is null)
            {
                foreach (var validation in Enum.GetValues<PhoneValidation>())
                {
                    CanonicalPhone.Canonicalize(code, phone, validation, "phone", out _);
                }
            }
            PhoneQuery.Candidates(phone, null, out _);
            PhoneQuery.Candidates(phone, countryCode, out _);
            PhoneQuery.Candidates(phone, null, countryCode, out _);
        }));
    }

    [Fact]
    public void AStoredNumberIsPlusFiveToFifteenDigitsStartingWithTheCountryCode()
    {
        Check.One(Runs, Prop.ForAll(PhoneLike().ToArbitrary(), input =>
        {
            var (countryCode, phone) = input;
            if (CanonicalPhone.ReadCountryCode(countryCode, "cc", out var code) is not null)
            {
                return true;
            }
            if (CanonicalPhone.Canonicalize(code, phone, PhoneValidation.Contract, "phone", out var stored) is not null)
            {
                return stored.Length == 0;
            }
            return StoredForm().IsMatch(stored) && stored.StartsWith("+" + code, StringComparison.Ordinal);
        }));
    }

    [Fact]
    public void StoringAStoredNumberAgainKeepsIt()
    {
        Check.One(Runs, Prop.ForAll(PhoneLike().ToArbitrary(), input =>
        {
            var (countryCode, phone) = input;
            if (CanonicalPhone.ReadCountryCode(countryCode, "cc", out var code) is not null
                || CanonicalPhone.Canonicalize(code, phone, PhoneValidation.Contract, "phone", out var stored) is not null)
            {
                return true;
            }
            return CanonicalPhone.Canonicalize(code, stored, PhoneValidation.Contract, "phone", out var again) is null && again == stored;
        }));
    }

    /// <summary>The property: any formatting of a number (separators, Unicode digits, format characters, tel:) finds what was stored.</summary>
    [Fact]
    public void AnyFormattingOfAStoredNumberFindsIt()
    {
        var cases =
            from number in Stored()
            from digits in Gen.Elements(DigitSets)
            from international in Decorate("+" + number.Stored[1..], digits)
            from zeroZero in Decorate("00" + number.Stored[1..], digits)
            from tel in Gen.Elements("tel:", "TEL:", "")
            select (number.CountryCode, number.National, number.Stored, International: tel + international, ZeroZero: zeroZero);
        Check.One(Runs, Prop.ForAll(cases.ToArbitrary(), c =>
            Finds(c.International, null, c.Stored) && Finds(c.International, c.CountryCode, c.Stored)
            && Finds(c.ZeroZero, null, c.Stored) && Finds(c.National, c.CountryCode, c.Stored)));
    }

    /// <summary>The lookup's shortcut for numbers already in E.164 gives exactly what libphonenumber's parse gives.</summary>
    [Fact]
    public void TheShortcutAgreesWithTheFullParse()
    {
        var cases =
            from code in Gen.Elements(AllCodes)
            from length in Gen.Choose(2, 14)
            from national in Gen.ArrayOf(Gen.Elements("0123456789".ToCharArray()), length)
            from nationally in Gen.Elements(true, false)
            select (code, new string(national), nationally);
        Check.One(PropertyRuns.Quick(3000), Prop.ForAll(cases.ToArbitrary(), c =>
        {
            if (!PhoneLibrary.ReadsUnchanged(c.code, c.Item2, c.nationally))
            {
                return true;
            }
            var parsed = PhoneLibrary.Parse(c.code, c.Item2, c.nationally);
            return parsed.Length != PhoneLength.Possible || (parsed.E164 == "+" + c.code + c.Item2 && parsed.CountryCode == c.code);
        }));
    }

    private static bool Finds(string phone, string? countryCode, string stored) =>
        PhoneQuery.Candidates(phone, countryCode, out var candidates) is null && candidates.Contains(stored);

    /// <summary>A country code (mostly assigned) and a number that is often, but not always, possible.</summary>
    private static Gen<(string CountryCode, string Phone)> PhoneLike()
    {
        var code = Gen.OneOf(Gen.Elements(SomeAssignedCodes), Gen.Choose(0, 1000).Select(n => "+" + n), Generators.AnyText());
        var digits = Gen.Choose(0, 20).SelectMany(n => Gen.ArrayOf(Gen.Elements("0123456789".ToCharArray()), n)).Select(c => new string(c));
        var phone = Gen.Frequency(
            (6, digits),
            (2, code.Zip(digits).Select(p => p.Item1 + p.Item2)),
            (1, digits.Select(d => "+" + d)),
            (1, Generators.AnyText()));
        return code.Zip(phone);
    }

    /// <summary>A national number as sent (4–12 digits) and what it is stored as.</summary>
    private static Gen<(string CountryCode, string National, string Stored)> Stored() =>
        from code in Gen.Elements(SomeAssignedCodes)
        from length in Gen.Choose(CanonicalPhone.MinNationalDigits, 12)
        from national in Gen.ArrayOf(Gen.Elements("0123456789".ToCharArray()), length)
        let text = new string(national)
        let ok = CanonicalPhone.ReadCountryCode(code, "cc", out var value) is null
            && CanonicalPhone.Canonicalize(value, text, PhoneValidation.Contract, "phone", out var stored) is null ? stored : null
        where ok is not null
        select (code, text, ok);

    /// <summary>Digit sets people write in: ASCII, Arabic-Indic, Extended Arabic-Indic (Persian), Devanagari, fullwidth.</summary>
    private static readonly char[] DigitSets = ['0', '\u0660', '\u06F0', '\u0966', '\uFF10'];

    /// <summary>The number in one digit set, with separators and format characters sprinkled in, within the query's length limit.</summary>
    private static Gen<string> Decorate(string number, char zero) =>
        from count in Gen.Choose(0, Math.Max(0, PhoneQuery.MaxLength - 4 - number.Length))
        from separators in Gen.ArrayOf(Gen.Elements(' ', '-', '.', '/', '(', ')', '\u00a0', '\u2009', '\u2011', '\u200e', '\u202d', '\u202c', '\u200b', '\ufeff'), count)
        from positions in Gen.ArrayOf(Gen.Choose(1, number.Length), count)
        select Insert(InDigits(number, zero), separators, positions);

    private static string InDigits(string number, char zero) =>
        new([.. number.Select(c => char.IsAsciiDigit(c) ? (char)(zero + (c - '0')) : c)]);

    private static string Insert(string number, char[] separators, int[] positions)
    {
        var text = new System.Text.StringBuilder(number);
        foreach (var (separator, position) in separators.Zip(positions).OrderByDescending(p => p.Second))
        {
            text.Insert(position, separator);
        }
        return text.ToString();
    }

    [GeneratedRegex("^\\+[0-9]{5,15}$")]
    private static partial Regex StoredForm();
}
