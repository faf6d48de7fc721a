using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Callbook.Tests.Import;

public sealed class ExportTests
{
    [Theory, BothBackends]
    public async Task ExportThenImportIntoAnEmptyStreamGivesTheSameContacts(string backend)
    {
        var factory = TestServers.For(backend);
        var source = await factory.NewTenantAsync();
        var target = await factory.NewTenantAsync();
        var body = new JsonArray(
            Bodies.Contact("O'Neil, \"Jr\"", "Smith", "2079460000", "+44", "", "Mr"),
            Bodies.Contact("Zoë", "Ñúñez", "4155550100", "+1", "+", " Dr "),
            Bodies.Contact("山田", "太郎", "312345678", "+81", "81", "様"),
            Bodies.Contact("gone", "later", "4155550199", "+1"));
        var created = await Bodies.ReadAsync(await source.PostAsync("contacts", body.ToJsonString()), HttpStatusCode.Created);
        await Bodies.ReadAsync(await source.DeleteAsync("contacts/" + created[3].Str("id")), HttpStatusCode.OK);

        var export = await source.GetAsync("contacts/export");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("text/csv", export.Content.Headers.ContentType!.MediaType);
        var csv = await export.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.StartsWith("firstName,lastName,salutation,cellPhoneNumber,cellPhoneCountryCode,cellPhoneExtension\r\n", csv, StringComparison.Ordinal);
        Assert.Equal(4, csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);

        var imported = await Bodies.ReadAsync(await target.ImportAsync(csv), HttpStatusCode.Created);

        static string Fields(JsonElement c) => string.Join('|', c.Str("firstName"), c.Str("lastName"), c.Str("salutation"), c.GetProperty("cellPhone").GetRawText());
        Assert.Equal(created.EnumerateArray().Take(3).Select(Fields), imported.EnumerateArray().Select(Fields));

        var all = await source.GetAsync("contacts/export?status=ALL");
        Assert.Equal(5, (await all.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal("status", Assert.Single(await Bodies.ErrorsAsync(await source.GetAsync("contacts/export?status=nope"), HttpStatusCode.BadRequest)).Str("field"));
    }
}
