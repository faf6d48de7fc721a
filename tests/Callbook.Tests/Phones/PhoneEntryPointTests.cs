using System.Net;
using System.Text.Json.Nodes;

namespace Callbook.Tests.Phones;

/// <summary>Every input of issue 11's table, and the same rules at every entry point (create, update, bulk update, import, restore, ?phone=).</summary>
public sealed class PhoneEntryPointTests
{
    [Theory, BothBackends]
    public async Task ANationalNumberIsStoredCanonicalFoundInternationallyAndHeldByOneContact(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        var created = await api.CreateAsync("uk", "caller", "07700900123", "+44");
        Assert.Equal("+447700900123", created.GetProperty("cellPhone").Str("phoneNumber"));

        var found = await Bodies.ReadAsync(await api.GetAsync("contacts?phone=%2B447700900123"), HttpStatusCode.OK);
        Assert.Equal(created.Str("id"), Assert.Single(found.GetProperty("results").EnumerateArray()).Str("id"));

        var second = await Bodies.ErrorsAsync(await api.PostAsync("contacts", Bodies.Contacts(("uk", "again", "7700900123", "+44"))), HttpStatusCode.Conflict);
        Assert.Equal("PHONE_IN_USE", second[0].Str("code"));
        Assert.Equal(1, await api.CountAsync());
    }

    [Theory, BothBackends]
    public async Task ACountryCodeRepeatedAfterExcelDroppedItsPlusIsStoredOnce(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        var created = await api.CreateAsync("ie", "caller", "353871234567", "+353");
        Assert.Equal("+353871234567", created.GetProperty("cellPhone").Str("phoneNumber"));
    }

    [Theory, BothBackends]
    public async Task ANumberDialledWithTheInternationalPrefixToAnotherCountryIsRefusedNotStoredAsASecondForm(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        var hu = await api.CreateAsync("hu", "caller", "+36201234567", "+36");
        foreach (var (number, code, other) in new[] { ("00 36 20 123 4567", "44", "36"), ("00 1 317 555 0148", "+44", "1"), ("8 10 1 317 555 0148", "+7", "1") })
        {
            var error = Assert.Single(await Bodies.ErrorsAsync(await api.PostAsync("contacts", Bodies.Contacts(("x", "y", number, code))), HttpStatusCode.BadRequest));
            Assert.Equal(("INVALID_FIELD", "cellPhone.phoneNumber"), (error.Str("code"), error.Str("field")));
            Assert.Contains("dials +" + other, error.Str("msg"), StringComparison.Ordinal);
        }
        // The same numbers with their own country code are the line the first contact holds.
        var taken = await Bodies.ErrorsAsync(await api.PostAsync("contacts", Bodies.Contacts(("x", "y", "0036201234567", "+36"))), HttpStatusCode.Conflict);
        Assert.Equal(hu.Str("id"), taken[0].Str("contactId"));
        Assert.Equal(1, await api.CountAsync());
    }

    [Theory, BothBackends]
    public async Task TelUrisAndCopiedDirectionMarksFindTheCaller(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        var us = await api.CreateAsync("us", "caller", "3175550148", "+1");
        var uk = await api.CreateAsync("uk", "caller", "07700900123", "+44");
        foreach (var (phone, expected) in new[]
        {
            ("%2B13175550148", us), ("tel:%2B13175550148", us), ("tel:%2B1-317-555-0148", us), ("tel:%2B1-317-555-0148;ext=12", us),
            (Uri.EscapeDataString("\u202d+44 7700 900123\u202c"), uk), (Uri.EscapeDataString("\u200e+44 7700 900123\u200e"), uk),
            (Uri.EscapeDataString("+44 (0)7700 900123"), uk), (Uri.EscapeDataString("+٤٤ ٧٧٠٠ ٩٠٠١٢٣"), uk), (Uri.EscapeDataString("＋４４７７００９００１２３"), uk),
        })
        {
            var page = await Bodies.ReadAsync(await api.GetAsync("contacts?phone=" + phone), HttpStatusCode.OK);
            Assert.True(expected.Str("id") == Assert.Single(page.GetProperty("results").EnumerateArray()).Str("id"), phone);
        }
    }

    [Theory, BothBackends]
    public async Task CsvCellsWithSpacesAroundThemAreImported(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        var csv = "firstName,lastName,salutation,cellPhoneNumber,cellPhoneCountryCode,cellPhoneExtension\n" +
                  "a,a,mr,9812345670 , +91,+\n" +
                  "b,b,mr,98123 45671,91,+\n";
        var created = await Bodies.ReadAsync(await api.ImportAsync(csv), HttpStatusCode.Created);
        Assert.Equal(["+919812345670", "+919812345671"], created.EnumerateArray().Select(c => c.GetProperty("cellPhone").Str("phoneNumber")));
        Assert.Equal(["+91", "+91"], created.EnumerateArray().Select(c => c.GetProperty("cellPhone").Str("countryCode")));
    }

    [Theory, BothBackends]
    public async Task ANationalNumberWithoutCountryCodeIsA400ThatAsksForIt(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        await api.CreateAsync("uk", "caller", "07700900123", "+44");
        var error = Assert.Single(await Bodies.ErrorsAsync(await api.GetAsync("contacts?phone=07700900123"), HttpStatusCode.BadRequest));
        Assert.Equal("INVALID_QUERY_PARAMETER", error.Str("code"));
        Assert.Equal("phone", error.Str("field"));
        Assert.Contains("countryCode", error.Str("msg"), StringComparison.Ordinal);

        var found = await Bodies.ReadAsync(await api.GetAsync("contacts?phone=07700900123&countryCode=%2B44"), HttpStatusCode.OK);
        Assert.Equal(1, found.GetProperty("totalResults").GetInt32());
    }

    [Theory, BothBackends]
    public async Task UpdateBulkUpdateImportAndRestoreHoldOneLineOneContact(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        var holder = await api.CreateAsync("holder", "uk", "+447700900123", "+44");
        var other = await api.CreateAsync("other", "uk", "07700900999", "+44");
        var otherId = other.Str("id");

        var put = await Bodies.ErrorsAsync(await api.PutAsync("contacts/" + otherId, Bodies.Contact("other", "uk", "07700 900-123", "44").ToJsonString()), HttpStatusCode.Conflict);
        Assert.Equal("PHONE_IN_USE", put[0].Str("code"));

        var bulk = new JsonArray(Bodies.Contact("other", "uk", "(0)7700.900.123", "+44"));
        bulk[0]!["id"] = otherId;
        var summary = await Bodies.ReadAsync(await api.PutAsync("contacts/bulk-update", bulk.ToJsonString()), HttpStatusCode.OK);
        Assert.Equal("PHONE_IN_USE", summary.GetProperty("failedRecords")[0].GetProperty("errors")[0].Str("code"));

        var csv = "firstName,lastName,salutation,cellPhoneNumber,cellPhoneCountryCode,cellPhoneExtension\nimp,uk,mr,0044 7700 900123,+44,+\n";
        var import = await Bodies.ErrorsAsync(await api.ImportAsync(csv), HttpStatusCode.BadRequest);
        Assert.Equal("PHONE_IN_USE", import[0].Str("code"));

        // The holder is deleted, the number written another way goes to the other contact, the holder cannot come back.
        await Bodies.ReadAsync(await api.DeleteAsync("contacts/" + holder.Str("id")), HttpStatusCode.OK);
        var moved = await Bodies.ReadAsync(await api.PutAsync("contacts/" + otherId, Bodies.Contact("other", "uk", "tel:+44-7700-900123", "+44").ToJsonString()), HttpStatusCode.OK);
        Assert.Equal("+447700900123", moved.GetProperty("cellPhone").Str("phoneNumber"));
        var restore = await Bodies.ErrorsAsync(await api.SendAsync(HttpMethod.Post, $"contacts/{holder.Str("id")}/restore"), HttpStatusCode.Conflict);
        Assert.Equal("PHONE_IN_USE", restore[0].Str("code"));
    }

    [Theory, BothBackends]
    public async Task LettersAndASecondPlusStayA400ThatSaysWhy(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        foreach (var (phone, reason) in new[] { ("0770090012a", "letters"), ("+44 7700 +900123", "one '+'") })
        {
            var write = Assert.Single(await Bodies.ErrorsAsync(await api.PostAsync("contacts", Bodies.Contacts(("x", "y", phone, "+44"))), HttpStatusCode.BadRequest));
            Assert.Equal("cellPhone.phoneNumber", write.Str("field"));
            Assert.Contains(reason, write.Str("msg"), StringComparison.Ordinal);
            var lookup = Assert.Single(await Bodies.ErrorsAsync(await api.GetAsync("contacts?phone=" + Uri.EscapeDataString(phone)), HttpStatusCode.BadRequest));
            Assert.Contains(reason, lookup.Str("msg"), StringComparison.Ordinal);
        }
    }

    [Theory, BothBackends]
    public async Task APhoneOfInvalidUtf8PercentEscapesIsA400ThatSaysItIsNotText(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        foreach (var phone in new[] { "%FF%FE%2B447700900123", "%2B44%C3%287700900123", "%ED%A0%80447700900123" })
        {
            var error = Assert.Single(await Bodies.ErrorsAsync(await api.GetAsync("contacts?phone=" + phone), HttpStatusCode.BadRequest));
            Assert.Equal("INVALID_QUERY_PARAMETER", error.Str("code"));
            Assert.Equal("phone", error.Str("field"));
            Assert.Contains("not valid UTF-8 text", error.Str("msg"), StringComparison.Ordinal);
        }
    }

    [Theory, BothBackends]
    public async Task TheVendorsPlaceholderNumbersAreStillAccepted(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        var created = await api.CreateAsync("vendor", "sample", "24456712345", "+91");
        Assert.Equal("+9124456712345", created.GetProperty("cellPhone").Str("phoneNumber"));
    }
}
