using Callbook.Phones;

namespace Callbook.Tests.Unit;

public sealed class PhoneNumberTests
{
    [Theory]
    [InlineData("+91", "2445612345", "+912445612345")]
    [InlineData("+91", "+912445612345", "+912445612345")]
    [InlineData("+1", "4155550100", "+14155550100")]
    [InlineData("+44", "2079460000", "+442079460000")]
    [InlineData("+998", "1234", "+9981234")]
    [InlineData("+1", "12345678901234", "+112345678901234")]
    [InlineData("+91", "0044561234", "+910044561234")]
    public void ValidNumbersAreStoredAsCountryCodePlusDigits(string countryCode, string phone, string stored)
    {
        Assert.Null(PhoneNumbers.ValidateCountryCode(countryCode, "cc", out var digits));
        Assert.Null(PhoneNumbers.Normalize(digits, phone, "phone", out var result));
        Assert.Equal(stored, result);
    }

    [Theory]
    [InlineData("+91", "244-561-2345", "digits only")]
    [InlineData("+91", "", "digits only")]
    [InlineData("+91", "+", "not with the country code")]
    [InlineData("+91", "+91", "digits only")]
    [InlineData("+91", "123", "at least 4")]
    [InlineData("+91", "+91123", "at least 4")]
    [InlineData("+91", "1234567890123", "")]
    [InlineData("+91", "12345678901234", "exceed 15")]
    [InlineData("+91", "+442445612345", "not with the country code")]
    [InlineData("+91", "٣٤٥٦٧٨٩", "digits only")]
    public void InvalidNumbersSayWhy(string countryCode, string phone, string reason)
    {
        Assert.Null(PhoneNumbers.ValidateCountryCode(countryCode, "cc", out var digits));
        var error = PhoneNumbers.Normalize(digits, phone, "phone", out _);
        if (reason.Length == 0)
        {
            Assert.Null(error);
            return;
        }
        Assert.NotNull(error);
        Assert.Equal("phone", error.Field);
        Assert.Contains(reason, error.Msg, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("+1", true)]
    [InlineData("+7", true)]
    [InlineData("+44", true)]
    [InlineData("+91", true)]
    [InlineData("+380", true)]
    [InlineData("+998", true)]
    [InlineData("+882", true)]
    [InlineData("+0", false)]
    [InlineData("+2", false)]
    [InlineData("+28", false)]
    [InlineData("+210", false)]
    [InlineData("+999", false)]
    [InlineData("+969", false)]
    [InlineData("+01", false)]
    [InlineData("91", false)]
    [InlineData("+1234", false)]
    [InlineData("+", false)]
    [InlineData("", false)]
    [InlineData("+9a", false)]
    public void OnlyAssignedCountryCodesAreAccepted(string countryCode, bool valid) =>
        Assert.Equal(valid, PhoneNumbers.ValidateCountryCode(countryCode, "cc", out _) is null);
}
