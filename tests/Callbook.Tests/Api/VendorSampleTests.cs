using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Callbook.Tests.Api;

/// <summary>
/// The vendor's own import and bulk-delete samples, replayed byte for byte as curl sends them.
/// The import sample declares <c>content-type: application/json;charset=UTF-8</c> and uses
/// <c>--form result_file=@…</c>: curl keeps the declared type and appends the form's boundary.
/// The bulk-delete parameter table names the array <c>id</c>, its sample <c>ids</c>.
/// </summary>
public sealed class VendorSampleTests
{
    private const string Boundary = "------------------------5a1f0d9c3e7b2468";

    /// <summary>What curl 7.88 writes for --form 'result_file=@"contacts.csv"' (CRLF line ends, its boundary).</summary>
    private static byte[] CurlFormBody(string csv) => Encoding.UTF8.GetBytes(
        $"--{Boundary}\r\n" +
        "Content-Disposition: form-data; name=\"result_file\"; filename=\"contacts.csv\"\r\n" +
        "Content-Type: text/csv\r\n" +
        "\r\n" +
        csv +
        $"\r\n--{Boundary}--\r\n");

    [Theory, BothBackends]
    public async Task TheVendorsImportSampleIsReadAsMultipartDespiteItsDeclaredJsonType(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        const string csv = "firstName,lastName,salutation,cellPhoneNumber,cellPhoneCountryCode,cellPhoneExtension\r\njohn,doe,mr,2445612345,+91,+\r\njane,doe,mrs,2445612346,+91,+\r\n";

        var response = await api.SendAsync(HttpMethod.Post, "contacts/import-contacts", configure: request =>
        {
            request.Content = new ByteArrayContent(CurlFormBody(csv));
            // Exactly the header line curl sends: the sample's declared type, then the boundary curl adds.
            request.Content.Headers.TryAddWithoutValidation("Content-Type", $"application/json;charset=UTF-8; boundary={Boundary}");
        });

        var created = await Bodies.ReadAsync(response, HttpStatusCode.Created);
        Assert.Equal(["john", "jane"], created.EnumerateArray().Select(c => c.Str("firstName")));
        Assert.Equal("+912445612346", created[1].GetProperty("cellPhone").Str("phoneNumber"));
        Assert.Equal(2, await api.CountAsync("ACTIVE"));
    }

    [Fact]
    public async Task ABodyWithoutABoundaryIsStillRefusedWith415()
    {
        var api = await TestServers.TenantAsync(Backends.Sqlite);

        var response = await api.SendAsync(HttpMethod.Post, "contacts/import-contacts", configure: request =>
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes("firstName,lastName\n"));
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json;charset=UTF-8");
        });

        var error = Assert.Single(await Bodies.ErrorsAsync(response, HttpStatusCode.UnsupportedMediaType));
        Assert.Equal("UNSUPPORTED_MEDIA_TYPE", error.Str("code"));
    }

    [Theory]
    [InlineData("sqlite", "ids")]
    [InlineData("sqlite", "id")]
    [InlineData("postgres", "ids")]
    [InlineData("postgres", "id")]
    public async Task TheVendorsBulkDeleteSampleWorksUnderEitherName(string backend, string name)
    {
        var api = await TestServers.TenantAsync(backend);
        var john = (await api.CreateAsync("john", "doe", "2445612345")).Str("id");
        var jane = (await api.CreateAsync("jane", "doe", "2445612346")).Str("id");
        // The vendor sample's --data, with its indentation and line ends.
        var body = "{\n    \"" + name + "\": [\n        \"" + john + "\",\n        \"" + jane + "\"\n    ]\n}";

        var summary = await Bodies.ReadAsync(await api.DeleteAsync("contacts/bulk-delete", body), HttpStatusCode.OK);

        Assert.Equal($$"""{"totalRequested":2,"successful":2,"failed":0,"successfulRecords":[{"id":"{{john}}"},{"id":"{{jane}}"}],"failedRecords":[]}""", summary.GetRawText());
        Assert.Equal(2, await api.CountAsync("INACTIVE"));
    }

    [Fact]
    public async Task BulkDeleteRefusesBothNamesAtOnceAndNamesTheFieldItRead()
    {
        var api = await TestServers.TenantAsync(Backends.Sqlite);
        var id = (await api.CreateAsync("john", "doe", "2445612347")).Str("id");

        var both = Assert.Single(await Bodies.ErrorsAsync(await api.DeleteAsync("contacts/bulk-delete", $$"""{"ids":["{{id}}"],"id":["{{id}}"]}"""), HttpStatusCode.BadRequest));
        Assert.Equal("INVALID_BODY", both.Str("code"));
        var summary = await Bodies.ReadAsync(await api.DeleteAsync("contacts/bulk-delete", """{"id":["bad"]}"""), HttpStatusCode.OK);
        Assert.Equal("id", summary.GetProperty("failedRecords")[0].GetProperty("errors")[0].Str("field"));
        Assert.Equal(1, await api.CountAsync("ACTIVE"));
    }
}
