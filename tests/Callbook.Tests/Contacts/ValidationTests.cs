using System.Net;
using System.Text.Json.Nodes;

namespace Callbook.Tests.Contacts;

/// <summary>The field rules of contract section 4, each as a 400 with the field named and nothing stored.</summary>
public sealed class ValidationTests
{
    public static TheoryData<string, string, string> BadInputs => new()
    {
        // backend is crossed in by the test; here: a JSON patch, the field named, a message fragment
        { """{"firstName":null}""", "firstName", "required" },
        { """{"firstName":12}""", "firstName", "must be a string" },
        { """{"firstName":"   "}""", "firstName", "must not be empty" },
        { $$"""{"firstName":"{{new string('x', 101)}}"}""", "firstName", "at most 100" },
        { """{"lastName":""}""", "lastName", "must not be empty" },
        { """{"lastName":"a\u0000b"}""", "lastName", "control characters" },
        { """{"salutation":""}""", "salutation", "must not be empty" },
        { """{"salutation":"abcdefghijklmnopqrstu"}""", "salutation", "at most 20" },
        { """{"cellPhone":null}""", "cellPhone", "required" },
        { """{"cellPhone":"+912445612345"}""", "cellPhone", "must be an object" },
        { """{"cellPhone":{"extension":"+","phoneNumber":"2445612345"}}""", "cellPhone.countryCode", "required" },
        { """{"cellPhone":{"extension":"+","phoneNumber":"2445612345","countryCode":"9a1"}}""", "cellPhone.countryCode", "'+' followed by 1 to 3 digits" },
        { """{"cellPhone":{"extension":"+","phoneNumber":"2445612345","countryCode":"+9999"}}""", "cellPhone.countryCode", "'+' followed by 1 to 3 digits" },
        { """{"cellPhone":{"extension":"+","phoneNumber":"2445612345","countryCode":"+999"}}""", "cellPhone.countryCode", "not an assigned" },
        { """{"cellPhone":{"extension":"+","phoneNumber":"2445612345","countryCode":"+0"}}""", "cellPhone.countryCode", "not an assigned" },
        { """{"cellPhone":{"extension":"+","phoneNumber":"244;561;2345","countryCode":"+91"}}""", "cellPhone.phoneNumber", "not part of a phone number" },
        { """{"cellPhone":{"extension":"+","phoneNumber":"24456xxxxx","countryCode":"+91"}}""", "cellPhone.phoneNumber", "must not contain letters" },
        { """{"cellPhone":{"extension":"+","phoneNumber":"123","countryCode":"+91"}}""", "cellPhone.phoneNumber", "at least 4" },
        { """{"cellPhone":{"extension":"+","phoneNumber":"12345678901234","countryCode":"+91"}}""", "cellPhone.phoneNumber", "exceed 15" },
        { """{"cellPhone":{"extension":"+","phoneNumber":"+442445612345","countryCode":"+91"}}""", "cellPhone.phoneNumber", "not with the country code" },
        { """{"cellPhone":{"extension":"+","phoneNumber":2445612345,"countryCode":"+91"}}""", "cellPhone.phoneNumber", "must be a string" },
        { """{"cellPhone":{"phoneNumber":"2445612345","countryCode":"+91"}}""", "cellPhone.extension", "required" },
        { """{"cellPhone":{"extension":"12345678901","phoneNumber":"2445612345","countryCode":"+91"}}""", "cellPhone.extension", "at most 10" },
        { """{"address":{"city":"x"}}""", "address", "array of objects" },
        { """{"address":["x"]}""", "address[0]", "must be an object" },
        { """{"address":[{},{},{},{},{},{},{},{},{},{},{}]}""", "address", "at most 10" },
        { $$"""{"twitterDetails":[{"x":"{{new string('y', 4100)}}"}]}""", "twitterDetails[0]", "4096 bytes" },
    };

    [Theory, MemberData(nameof(BadInputs))]
    public async Task BadFieldIsA400NamingTheFieldOnSqlite(string patch, string field, string message) =>
        await AssertRejectedAsync(Backends.Sqlite, patch, field, message);

    [Theory, MemberData(nameof(BadInputs))]
    public async Task BadFieldIsA400NamingTheFieldOnPostgres(string patch, string field, string message) =>
        await AssertRejectedAsync(Backends.Postgres, patch, field, message);

    [Theory, BothBackends]
    public async Task EdgeValuesAreAccepted(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        var longest = Bodies.Contact(new string('a', 100), new string('b', 100), "12345678901234", "+1", "", new string('s', 20));
        var shortest = Bodies.Contact("é", "ß", "1234", "+998", "0123456789", "M");
        var created = await Bodies.ReadAsync(await api.PostAsync("contacts", new JsonArray(longest, shortest).ToJsonString()), HttpStatusCode.Created);
        Assert.Equal("+112345678901234", created[0].GetProperty("cellPhone").Str("phoneNumber"));
        Assert.Equal("", created[0].GetProperty("cellPhone").Str("extension"));
        Assert.Equal("+9981234", created[1].GetProperty("cellPhone").Str("phoneNumber"));
        Assert.Equal("é ß", created[1].Str("fullName"));
    }

    private static async Task AssertRejectedAsync(string backend, string patch, string field, string message)
    {
        var api = await TestServers.TenantAsync(backend);
        var contact = Bodies.Contact("john", "doe", "2445612345");
        foreach (var (key, value) in JsonNode.Parse(patch)!.AsObject())
        {
            contact[key] = value?.DeepClone();
        }

        var errors = await Bodies.ErrorsAsync(await api.PostAsync("contacts", new JsonArray(contact).ToJsonString()), HttpStatusCode.BadRequest);

        var error = Assert.Single(errors);
        Assert.Equal(field, error.Str("field"));
        Assert.Equal(0, error.GetProperty("index").GetInt32());
        Assert.Contains(message, error.Str("msg"), StringComparison.Ordinal);
        Assert.Contains(error.Str("code"), new[] { "INVALID_FIELD", "REQUIRED_FIELD" });
        Assert.Equal(0, await api.CountAsync());
    }

    [Theory, BothBackends]
    public async Task AReplacementCharacterIsRefusedInEveryTextFieldByJsonAndByImport(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        var bodies = new[]
        {
            Bodies.Contact("Jos\uFFFD", "a", "9812300201"),
            Bodies.Contact("a", "\uFFFD", "9812300202"),
            Bodies.Contact("a", "b", "9812300203", "+91", "\uFFFD1"),
            Bodies.Contact("a", "b", "9812300204", "+91", "+", "M\uFFFD"),
        };
        var fields = new[] { "firstName", "lastName", "cellPhone.extension", "salutation" };
        for (var i = 0; i < bodies.Length; i++)
        {
            var error = Assert.Single(await Bodies.ErrorsAsync(await api.PostAsync("contacts", new JsonArray(bodies[i]).ToJsonString()), HttpStatusCode.BadRequest));
            Assert.Equal(("INVALID_FIELD", fields[i]), (error.Str("code"), error.Str("field")));
        }
        // The same name in a UTF-8 file (EF BF BD written as such) is a row error, never stored.
        var csv = "firstName,lastName,salutation,cellPhoneNumber,cellPhoneCountryCode\r\nJos\uFFFD,a,mr,9812300205,+91\r\n";
        var rowError = Assert.Single(await Bodies.ErrorsAsync(await api.ImportFileAsync(System.Text.Encoding.UTF8.GetBytes(csv)), HttpStatusCode.BadRequest));
        Assert.Equal(1, rowError.GetProperty("row").GetInt32());
        Assert.Equal(0, await api.CountAsync("ALL"));
    }
}
