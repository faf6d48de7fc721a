using Callbook.Phones;
using FsCheck;
using FsCheck.Fluent;
using Lib = PhoneNumbers;

namespace Callbook.Tests.Phones;

/// <summary>
/// The trunk-prefix shortcut (<see cref="PhoneLibrary.TryStripTrunkPrefix"/>) gives exactly what
/// libphonenumber's full parse gives, for every country calling code, on numbers built from each
/// country's own example numbers behind the trunk prefixes people write (0, 8, 06, 1, 00, none).
/// </summary>
public sealed class PhoneShortcutTests
{
    private static readonly Lib.PhoneNumberUtil Util = Lib.PhoneNumberUtil.GetInstance();

    /// <summary>Each country's example numbers (national significant numbers) by country calling code.</summary>
    private static readonly (int Code, string National)[] Examples =
    [
        .. Util.GetSupportedRegions()
            .SelectMany(region => Enum.GetValues<Lib.PhoneNumberType>().Select(type => Util.GetExampleNumberForType(region, type)))
            .Where(number => number is not null)
            .Select(number => ((int)number!.CountryCode, Util.GetNationalSignificantNumber(number)))
            .Distinct(),
    ];

    [Fact]
    public void TheTrunkPrefixShortcutAgreesWithTheFullParse()
    {
        var cases =
            from example in Gen.Elements(Examples)
            from prefix in Gen.Elements("0", "0", "8", "06", "1", "00", "")
            from changed in Gen.Choose(0, 3)
            from digits in Gen.ArrayOf(Gen.Elements("0123456789".ToCharArray()), changed)
            select (example.Code, prefix + example.National[..^Math.Min(changed, example.National.Length)] + new string(digits));
        Check.One(PropertyRuns.Quick(5000), Prop.ForAll(cases.ToArbitrary(), c => Agrees(c.Code, c.Item2)));
    }

    /// <summary>Not a vacuous comparison: the shortcut answers for the usual national numbers, and agrees there.</summary>
    [Theory]
    [InlineData(44, "07700900123", "+447700900123")]
    [InlineData(49, "015123456789", "+4915123456789")]
    [InlineData(33, "0612345678", "+33612345678")]
    [InlineData(7, "89123456789", "+79123456789")]
    [InlineData(36, "06201234567", "+36201234567")]
    public void TheShortcutAnswersForUsualNationalNumbers(int code, string national, string expected)
    {
        var answered = PhoneLibrary.TryStripTrunkPrefix(code, national, out var prefix);
        Assert.True(Agrees(code, national));
        if (answered)
        {
            Assert.Equal(expected, "+" + code + national[prefix..]);
        }
        Assert.Equal(expected, PhoneLibrary.Parse(code, national, writtenNationally: true).E164);
        Assert.True(Examples.Count(e => PhoneLibrary.TryStripTrunkPrefix(e.Code, "0" + e.National, out _)) > 50);
    }

    private static bool Agrees(int code, string national)
    {
        if (!PhoneLibrary.TryStripTrunkPrefix(code, national, out var prefix))
        {
            return true;
        }
        var parsed = PhoneLibrary.Parse(code, national, writtenNationally: true);
        return parsed.Length == PhoneLength.Possible && parsed.CountryCode == code && parsed.E164 == "+" + code + national[prefix..];
    }
}
