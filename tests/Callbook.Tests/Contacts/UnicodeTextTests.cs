using System.Net;
using System.Text.Json;

namespace Callbook.Tests.Contacts;

/// <summary>
/// Names in any script are stored exactly as sent; text that Unicode normalisation refuses (U+FFFE)
/// is a 400 wherever it comes in — JSON, CSV or a search — never a 500, and nothing is stored.
/// </summary>
public sealed class UnicodeTextTests
{
    [Theory, BothBackends]
    public async Task UnusualButValidNamesAreStoredExactly(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        var phone = 990_000_000;
        foreach (var name in new[] { "Zoë", "e\u0301lodie", "👩‍👩‍👧 family", "\u202eevil", "中文名", "nonchar\uffff", "\ufdd0x", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "İstanbul" })
        {
            var created = await api.CreateAsync(name, name, (++phone).ToString(System.Globalization.CultureInfo.InvariantCulture));
            var stored = await Bodies.ReadAsync(await api.GetAsync("contacts/" + created.Str("id")), HttpStatusCode.OK);
            Assert.True(name == stored.Str("firstName") && name == stored.Str("lastName"), $"{JsonSerializer.Serialize(name)} came back as {stored.GetProperty("firstName")}");
            var found = await Bodies.ReadAsync(await api.GetAsync("contacts?q=" + Uri.EscapeDataString(name)), HttpStatusCode.OK);
            Assert.Contains(created.Str("id"), found.GetProperty("results").EnumerateArray().Select(c => c.Str("id")));
        }
    }

    [Theory, BothBackends]
    public async Task TextThatCannotBeNormalisedIsRefusedEverywhere(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        var before = await Observed.SnapshotAsync(api);
        foreach (var field in new[] { "firstName", "lastName", "salutation" })
        {
            var body = Bodies.Contact("ok", "ok", "991000001");
            body[field] = "a\ufffeb";
            var error = Assert.Single(await Bodies.ErrorsAsync(await api.PostAsync("contacts", body.ToJsonString()), HttpStatusCode.BadRequest));
            Assert.Equal(field, error.Str("field"));
        }
        var csv = "firstName,lastName,salutation,cellPhoneNumber,cellPhoneCountryCode,cellPhoneExtension\r\nok,ok,mr,991000002,+91,+\r\n\ufffe,ok,mr,991000003,+91,+\r\n";
        var rowError = Assert.Single(await Bodies.ErrorsAsync(await api.ImportAsync(csv), HttpStatusCode.BadRequest));
        Assert.Equal(2, rowError.GetProperty("row").GetInt32());
        Assert.Equal("INVALID_QUERY_PARAMETER", await Bodies.SingleErrorCodeAsync(await api.GetAsync("contacts?q=a%EF%BF%BE"), HttpStatusCode.BadRequest));
        Assert.Equal(before, await Observed.SnapshotAsync(api));
    }
}
