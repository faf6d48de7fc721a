using System.Text.RegularExpressions;
using Callbook.Phones;
using FsCheck;
using FsCheck.Fluent;

namespace Callbook.Tests.Hardening;

/// <summary>Phone normalisation and caller lookup hold for any input, not only the examples in Unit/PhoneNumberTests.</summary>
public sealed partial class PhoneNormalisationProperties
{
    private static readonly Config Runs = PropertyRuns.Quick(300);

    private static readonly string[] SomeAssignedCodes = ["+1", "+7", "+20", "+44", "+49", "+91", "+353", "+380", "+852", "+998"];

    [Fact]
    public void RandomStringsNeverThrow()
    {
        var inputs = Gen.Two(Generators.AnyText()).ToArbitrary();
        Check.One(Runs, Prop.ForAll(inputs, pair =>
        {
            var (countryCode, phone) = pair;
            if (PhoneNumbers.ValidateCountryCode(countryCode, "cc", out var digits) is null)
            {
                PhoneNumbers.Normalize(digits, phone, "phone", out _);
            }
            PhoneQuery.Candidates(phone, null, out _);
            PhoneQuery.Candidates(phone, countryCode, out _);
        }));
    }

    [Fact]
    public void AnAcceptedNumberIsPlusFiveToFifteenDigitsStartingWithTheCountryCode()
    {
        Check.One(Runs, Prop.ForAll(PhoneLike().ToArbitrary(), input =>
        {
            var (countryCode, phone) = input;
            if (PhoneNumbers.ValidateCountryCode(countryCode, "cc", out var digits) is not null)
            {
                return true;
            }
            if (PhoneNumbers.Normalize(digits, phone, "phone", out var stored) is not null)
            {
                return stored.Length == 0;
            }
            return StoredForm().IsMatch(stored) && stored.StartsWith("+" + digits, StringComparison.Ordinal)
                && stored.EndsWith(phone.TrimStart('+'), StringComparison.Ordinal);
        }));
    }

    [Fact]
    public void NormalisingAStoredNumberAgainIsIdempotent()
    {
        Check.One(Runs, Prop.ForAll(Accepted().ToArbitrary(), accepted =>
        {
            var (digits, stored) = accepted;
            return PhoneNumbers.Normalize(digits, stored, "phone", out var again) is null && again == stored;
        }));
    }

    [Fact]
    public void CallerLookupInAnyEverydayFormatFindsTheStoredNumber()
    {
        var formatted =
            from accepted in Accepted()
            from international in Decorate("+" + accepted.Stored[1..])
            from zeroZero in Decorate("00" + accepted.Stored[1..])
            from national in Decorate(accepted.Stored[(1 + accepted.Digits.Length)..], room: 1)
            select (accepted.Digits, accepted.Stored, International: international, ZeroZero: zeroZero, National: national);
        Check.One(Runs, Prop.ForAll(formatted.ToArbitrary(), f =>
        {
            var countryCode = "+" + f.Digits;
            return Finds(f.International, null, f.Stored) && Finds(f.International, countryCode, f.Stored)
                && Finds(f.ZeroZero, null, f.Stored) && Finds(f.National, countryCode, f.Stored)
                && Finds("0" + f.National, countryCode, f.Stored);
        }));
    }

    private static bool Finds(string phone, string? countryCode, string stored) =>
        PhoneQuery.Candidates(phone, countryCode, out var candidates) is null && candidates.Contains(stored);

    /// <summary>A country code (mostly assigned) and a number that is often, but not always, valid.</summary>
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

    /// <summary>An accepted country code's digits and the stored number built from it (a national number never starts with 0 in E.164).</summary>
    private static Gen<(string Digits, string Stored)> Accepted() =>
        from code in Gen.Elements(SomeAssignedCodes)
        from length in Gen.Choose(PhoneNumbers.MinNationalDigits, PhoneNumbers.MaxE164Digits - (code.Length - 1))
        from lead in Gen.Elements("123456789".ToCharArray())
        from rest in Gen.ArrayOf(Gen.Elements("0123456789".ToCharArray()), length - 1)
        let digits = code[1..]
        select (digits, "+" + digits + lead + new string(rest));

    /// <summary>Spaces, dashes, dots, parentheses and no-break spaces sprinkled anywhere, within the query's length limit (less <paramref name="room"/>).</summary>
    private static Gen<string> Decorate(string number, int room = 0) =>
        from count in Gen.Choose(0, PhoneQuery.MaxLength - room - number.Length)
        from separators in Gen.ArrayOf(Gen.Elements(' ', '-', '.', '(', ')', '\u00a0'), count)
        from positions in Gen.ArrayOf(Gen.Choose(0, number.Length), count)
        select Insert(number, separators, positions);

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
