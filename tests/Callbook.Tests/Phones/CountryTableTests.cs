using System.Net;
using PhoneNumbers;

namespace Callbook.Tests.Phones;

/// <summary>
/// Issue 11's table test: in 32 countries a real-format number (libphonenumber's own example mobile
/// number of the region) written nationally is stored in one canonical form, is found when written
/// internationally, with 00, as a tel: URI, spaced, and nationally with countryCode; and a second
/// active contact with another writing of it is a 409.
/// </summary>
public sealed class CountryTableTests
{
    private static readonly string[] Regions =
    [
        "GB", "DE", "FR", "IT", "ES", "NL", "HU", "RU", "PL", "TR", "AR", "MX", "BR", "US", "CA", "IN",
        "PK", "CN", "JP", "KR", "AU", "NZ", "ZA", "NG", "EG", "AE", "SA", "IL", "SG", "ID", "SE", "CH",
    ];

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var backend in new[] { Backends.Sqlite, Backends.Postgres })
        {
            foreach (var region in Regions)
            {
                data.Add(backend, region);
            }
        }
        return data;
    }

    [Theory, MemberData(nameof(Cases))]
    public async Task EveryWritingOfANumberIsOneLine(string backend, string region)
    {
        var util = PhoneNumberUtil.GetInstance();
        var number = util.GetExampleNumberForType(region, PhoneNumberType.MOBILE);
        var countryCode = "+" + number.CountryCode;
        var e164 = util.Format(number, PhoneNumberFormat.E164);
        var national = util.Format(number, PhoneNumberFormat.NATIONAL);
        var international = util.Format(number, PhoneNumberFormat.INTERNATIONAL);
        var api = await TestServers.TenantAsync(backend);

        var created = await api.CreateAsync(region, "mobile", national, countryCode);
        Assert.Equal(e164, created.GetProperty("cellPhone").Str("phoneNumber"));

        foreach (var query in new[]
        {
            "phone=" + Uri.EscapeDataString(international),
            "phone=" + Uri.EscapeDataString("00" + e164[1..]),
            "phone=" + Uri.EscapeDataString(util.Format(number, PhoneNumberFormat.RFC3966)),
            "phone=" + Uri.EscapeDataString(string.Join(' ', e164.Chunk(3).Select(c => new string(c)))),
            "phone=" + Uri.EscapeDataString(national) + "&countryCode=" + Uri.EscapeDataString(countryCode),
        })
        {
            var page = await Bodies.ReadAsync(await api.GetAsync("contacts?" + query), HttpStatusCode.OK);
            Assert.True(page.GetProperty("totalResults").GetInt32() == 1, $"{region}: {query}");
            Assert.Equal(created.Str("id"), page.GetProperty("results")[0].Str("id"));
        }

        var again = await Bodies.ErrorsAsync(await api.PostAsync("contacts", Bodies.Contacts((region, "again", international, countryCode))), HttpStatusCode.Conflict);
        Assert.Equal("PHONE_IN_USE", again[0].Str("code"));
    }
}
