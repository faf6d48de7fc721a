using Callbook.Errors;
using Callbook.Phones;

namespace Callbook.Tests.Phones;

public sealed class PhoneNumberTests
{
    [Theory]
    [InlineData("+91", "2445612345", "+912445612345")]
    [InlineData("+91", "+912445612345", "+912445612345")]
    [InlineData("+1", "4155550100", "+14155550100")]
    [InlineData("+44", "2079460000", "+442079460000")]
    [InlineData("+44", "07700900123", "+447700900123")]
    [InlineData("+44", "+44 (0)7700 900123", "+447700900123")]
    [InlineData("+353", "353871234567", "+353871234567")]
    [InlineData("+39", "02 1234 5678", "+390212345678")]
    [InlineData("+36", "06 20 123 4567", "+36201234567")]
    [InlineData("+7", "8 916 123-45-67", "+79161234567")]
    [InlineData("+998", "1234", "+9981234")]
    [InlineData("+1", "12345678901234", "+112345678901234")]
    [InlineData("+91", "0044561234", "+910044561234")]
    [InlineData("+91", "12345", "+9112345")]
    [InlineData("+91", "9812345670 ", "+919812345670")]
    [InlineData(" +91", "٩٨١٢٣٤٥٦٧٠", "+919812345670")]
    [InlineData("91", "tel:+91-98123-45670;ext=12", "+919812345670")]
    public void NumbersAreStoredInCanonicalForm(string countryCode, string phone, string stored)
    {
        Assert.Null(CanonicalPhone.ReadCountryCode(countryCode, "cc", out var code));
        Assert.Null(CanonicalPhone.Canonicalize(code, phone, PhoneValidation.Contract, "phone", out var result));
        Assert.Equal(stored, result);
    }

    [Theory]
    [InlineData("+91", "24456a12345", "letters")]
    [InlineData("+91", "", "digits")]
    [InlineData("+91", "+", "digits")]
    [InlineData("+91", "+91", "at least 4")]
    [InlineData("+91", "123", "at least 4")]
    [InlineData("+91", "+91123", "at least 4")]
    [InlineData("+91", "12345678901234", "exceed 15")]
    [InlineData("+91", "+442445612345", "not with the country code")]
    [InlineData("+91", "+91 98123 +45670", "one '+'")]
    [InlineData("+91", "98123*45670", "U+002A")]
    public void RefusedNumbersSayWhy(string countryCode, string phone, string reason)
    {
        Assert.Null(CanonicalPhone.ReadCountryCode(countryCode, "cc", out var code));
        var error = CanonicalPhone.Canonicalize(code, phone, PhoneValidation.Contract, "phone", out _);
        Assert.NotNull(error);
        Assert.Equal("phone", error.Field);
        Assert.Equal(ErrorCodes.InvalidField, error.Code);
        Assert.Contains(reason, error.Msg, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(PhoneValidation.Contract, "+91", "12345", null)]
    [InlineData(PhoneValidation.Possible, "+91", "12345", "too short for +91")]
    [InlineData(PhoneValidation.Valid, "+91", "12345", "too short for +91")]
    [InlineData(PhoneValidation.Possible, "+44", "07700900123", null)]
    [InlineData(PhoneValidation.Valid, "+44", "07700900123", "not in a range assigned")]
    [InlineData(PhoneValidation.Valid, "+44", "07911123456", null)]
    [InlineData(PhoneValidation.Valid, "+44", "0791112345678", "too long for +44")]
    public void StricterSettingsRefuseWhatLibphonenumberDoesNotAccept(PhoneValidation validation, string countryCode, string phone, string? reason)
    {
        Assert.Null(CanonicalPhone.ReadCountryCode(countryCode, "cc", out var code));
        var error = CanonicalPhone.Canonicalize(code, phone, validation, "cellPhone.phoneNumber", out _);
        if (reason is null)
        {
            Assert.Null(error);
            return;
        }
        Assert.NotNull(error);
        Assert.Equal("cellPhone.phoneNumber", error.Field);
        Assert.Contains(reason, error.Msg, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("+1", true)]
    [InlineData("+7", true)]
    [InlineData("+44", true)]
    [InlineData("44", true)]
    [InlineData(" +91 ", true)]
    [InlineData("+380", true)]
    [InlineData("+379", true)]
    [InlineData("+998", true)]
    [InlineData("+882", true)]
    [InlineData("+0", false)]
    [InlineData("+2", false)]
    [InlineData("+28", false)]
    [InlineData("+210", false)]
    [InlineData("+999", false)]
    [InlineData("+969", false)]
    [InlineData("+01", false)]
    [InlineData("+1234", false)]
    [InlineData("+", false)]
    [InlineData("", false)]
    [InlineData("+9a", false)]
    public void OnlyAssignedCountryCodesAreAccepted(string countryCode, bool valid) =>
        Assert.Equal(valid, CanonicalPhone.ReadCountryCode(countryCode, "cc", out _) is null);

    [Theory]
    [InlineData("+54 11 1234-5678", "+541112345678", "+5491112345678")]
    [InlineData("+54 9 11 1234-5678", "+5491112345678", "+541112345678")]
    [InlineData("+52 1 55 1234 5678", "+5215512345678", "+525512345678")]
    [InlineData("+52 55 1234 5678", "+525512345678", "+5215512345678")]
    public void LinesWithTwoFormsAreLookedUpUnderBoth(string phone, string first, string other)
    {
        Assert.Null(PhoneQuery.Candidates(phone, null, out var candidates));
        Assert.Equal([first, other], candidates);
    }

    [Fact]
    public void TheConsoleShowsInternationalFormatAndType()
    {
        Assert.Equal(new PhoneDisplay("+44 7911 123456", "mobile"), PhoneDisplay.Of("+447911123456"));
        Assert.Equal(new PhoneDisplay("+1 317-555-0148", "fixed line or mobile"), PhoneDisplay.Of("+13175550148"));
        Assert.Equal(new PhoneDisplay("+91 12345", null), PhoneDisplay.Of("+9112345"));
    }

    [Theory]
    [InlineData("+44 7700 \uFFFD900123")]
    [InlineData("+44\uD8007700900123")]
    public void TextThatWasNotUtf8IsRefusedAsSuch(string phone)
    {
        Assert.Equal("is not valid UTF-8 text: it holds U+FFFD, the mark left where bytes were not valid UTF-8", PhoneText.Read(phone, out _));
    }

    [Theory]
    [InlineData("+44 7700 900123", "+447700900123")]
    [InlineData("tel:+1-317-555-0148;ext=12", "+13175550148")]
    [InlineData("\u202d+44 (0)7700\u00a0900123\u202c", "+4407700900123")]
    [InlineData("\u0660\u0667\u0667\u0660\u0660\u0669\u0660\u0660\u0661\u0662\u0663", "07700900123")]
    [InlineData("\uFF0B\uFF14\uFF14 7700.900/123", "+447700900123")]
    public void WrittenNumbersReadToTheirDigits(string phone, string expected)
    {
        Assert.Null(PhoneText.Read(phone, out var reading));
        Assert.Equal(expected, (reading.International ? "+" : "") + reading.Digits);
    }
}
