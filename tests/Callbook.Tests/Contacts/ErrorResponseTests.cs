using System.Net;
using System.Text;

namespace Callbook.Tests.Contacts;

/// <summary>Section 3: every error is JSON with the right status, and nothing changes.</summary>
public sealed class ErrorResponseTests
{
    // The vendor's own bulk-update sample, verbatim: "fullName": "jane doe, never closes its string.
    public const string VendorBrokenBulkUpdate = """
        [
            {
                "id": "6964af60450340957c6xxxxx",
                "firstName": "john",
                    "lastName": "doe",
                    "fullName": "john doe",
                    "salutation": "mr",
                    "cellPhone": {
                        "extension": "+",
                        "phoneNumber": "24456xxxxx",
                        "countryCode": "+91"
                    }
            },
               {
                "id": "6964af806fc554153c0xxxxx",
                "firstName": "jane",
                    "lastName": "doe",
                    "fullName": "jane doe,
                    "salutation": "mrs",
                    "cellPhone": {
                        "extension": "+",
                        "phoneNumber": "244567xxxxx",
                        "countryCode": "+91"
                    }
            }
        ]
        """;

    [Theory, BothBackends]
    public async Task VendorBrokenSampleGetsA400SayingWhereTheJsonBreaks(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        var contact = await api.CreateAsync("john", "doe", "2445600001");
        var body = VendorBrokenBulkUpdate.Replace("6964af60450340957c6xxxxx", contact.Str("id"), StringComparison.Ordinal);

        var error = Assert.Single(await Bodies.ErrorsAsync(await api.PutAsync("contacts/bulk-update", body), HttpStatusCode.BadRequest));

        Assert.Equal("MALFORMED_JSON", error.Str("code"));
        Assert.StartsWith("malformed JSON at line 18, position ", error.Str("msg"), StringComparison.Ordinal);
        var after = await Bodies.ReadAsync(await api.GetAsync("contacts/" + contact.Str("id")), HttpStatusCode.OK);
        Assert.Equal(contact.GetRawText(), after.GetRawText());
    }

    [Theory, BothBackends]
    public async Task MalformedJsonOnEveryJsonEndpointIsA400(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        var contact = await api.CreateAsync("a", "b", "2445600002");
        foreach (var (method, path) in new[] { (HttpMethod.Post, "contacts"), (HttpMethod.Put, "contacts/" + contact.Str("id")), (HttpMethod.Put, "contacts/bulk-update"), (HttpMethod.Delete, "contacts/bulk-delete") })
        {
            var response = await api.SendAsync(method, path, "[{\"firstName\": \"x\",, }");
            var error = Assert.Single(await Bodies.ErrorsAsync(response, HttpStatusCode.BadRequest));
            Assert.Equal("MALFORMED_JSON", error.Str("code"));
            Assert.StartsWith("malformed JSON at line 1, position 20", error.Str("msg"), StringComparison.Ordinal);
        }
        Assert.Equal(1, await api.CountAsync());
    }

    [Theory, BothBackends]
    public async Task WrongContentTypeIs415(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        var response = await api.SendAsync(HttpMethod.Post, "contacts", configure: r =>
            r.Content = new StringContent(Bodies.Contacts(("a", "b", "2445600003", "+91")), Encoding.UTF8, "text/plain"));
        Assert.Equal("UNSUPPORTED_MEDIA_TYPE", await Bodies.SingleErrorCodeAsync(response, HttpStatusCode.UnsupportedMediaType));

        var import = await api.SendAsync(HttpMethod.Post, "contacts/import-contacts", "{}");
        Assert.Equal("UNSUPPORTED_MEDIA_TYPE", await Bodies.SingleErrorCodeAsync(import, HttpStatusCode.UnsupportedMediaType));
        Assert.Equal(0, await api.CountAsync());
    }

    [Fact]
    public async Task OversizeBodyIs413AndStoresNothing()
    {
        await using var factory = new CallbookFactory(Backends.Sqlite, new Dictionary<string, string?> { ["Callbook:Limits:JsonBodyBytes"] = "2048", ["Callbook:Limits:ImportFileBytes"] = "4096" });
        var api = await factory.NewTenantAsync();
        var big = Bodies.Contact("a", "b", "2445600004");
        big["address"] = System.Text.Json.Nodes.JsonNode.Parse($$"""[{"x":"{{new string('y', 3000)}}"}]""");

        Assert.Equal("PAYLOAD_TOO_LARGE", await Bodies.SingleErrorCodeAsync(await api.PostAsync("contacts", "[" + big.ToJsonString() + "]"), HttpStatusCode.RequestEntityTooLarge));
        var csv = "firstName,lastName,salutation,cellPhoneNumber,cellPhoneCountryCode,cellPhoneExtension\n" +
                  string.Concat(Enumerable.Range(0, 400).Select(i => $"n,m,mr,{3000000 + i},+1,+\n"));
        Assert.Equal("PAYLOAD_TOO_LARGE", await Bodies.SingleErrorCodeAsync(await api.ImportAsync(csv), HttpStatusCode.RequestEntityTooLarge));
        Assert.Equal(0, await api.CountAsync());
    }

    [Theory, BothBackends]
    public async Task UnknownRoutesAndMethodsAnswerJson(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        Assert.Equal("ROUTE_NOT_FOUND", await Bodies.SingleErrorCodeAsync(await api.Http.GetAsync("/nothing/here", TestContext.Current.CancellationToken), HttpStatusCode.NotFound));
        Assert.Equal("METHOD_NOT_ALLOWED", await Bodies.SingleErrorCodeAsync(await api.SendAsync(HttpMethod.Patch, "contacts"), HttpStatusCode.MethodNotAllowed));
    }

    [Theory, BothBackends]
    public async Task MalformedOrUnknownIdsAre400And404(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Delete })
        {
            Assert.Equal("INVALID_ID", await Bodies.SingleErrorCodeAsync(await api.SendAsync(method, "contacts/6964af60450340957c6xxxxx"), HttpStatusCode.BadRequest));
            Assert.Equal("NOT_FOUND", await Bodies.SingleErrorCodeAsync(await api.SendAsync(method, "contacts/0123456789abcdef01234567"), HttpStatusCode.NotFound));
        }
        Assert.Equal("INVALID_ID", await Bodies.SingleErrorCodeAsync(await api.PutAsync("contacts/ABCDEF0123456789ABCDEF01", Bodies.Contact("a", "b", "2445600005").ToJsonString()), HttpStatusCode.BadRequest));
        Assert.Equal("NOT_FOUND", await Bodies.SingleErrorCodeAsync(await api.PutAsync("contacts/0123456789abcdef01234567", Bodies.Contact("a", "b", "2445600005").ToJsonString()), HttpStatusCode.NotFound));
        Assert.Equal(0, await api.CountAsync());
    }

    [Theory, BothBackends]
    public async Task EveryAnswerCarriesARequestId(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        var response = await api.GetAsync("contacts");
        Assert.False(string.IsNullOrEmpty(response.Headers.GetValues("X-Request-Id").Single()));
    }
}
