using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Callbook.Tests.Contacts;

/// <summary>
/// Line breaks (CR, LF, CRLF) inside a text field are stored exactly as written at every JSON entry point,
/// trimmed only at the ends, and survive history and export → import; every other control character is a 400.
/// </summary>
public sealed class LineBreakFieldTests
{
    public static TheoryData<string> OtherControls => new("a\u0000b", "a\tb", "a\u001Fb", "a\u007Fb", "a\u0085b", "a\u009Fb");

    [Theory, BothBackends]
    public async Task LineBreaksAreStoredAsWrittenByCreateUpdateAndBulkUpdate(string backend)
    {
        var factory = TestServers.For(backend);
        var api = await factory.NewTenantAsync();
        var body = Bodies.Contact(" Ann\r\nMarie\r\n", "Lee\nSr", "2441000001", "+91", "12\r\n3", "mr\r");
        var created = (await Bodies.ReadAsync(await api.PostAsync("contacts", new JsonArray(body).ToJsonString()), HttpStatusCode.Created))[0];
        var id = created.Str("id");
        var stored = await Bodies.ReadAsync(await api.GetAsync("contacts/" + id), HttpStatusCode.OK);
        Assert.Equal(("Ann\r\nMarie", "Lee\nSr", "mr\r", "12\r\n3"),
            (stored.Str("firstName"), stored.Str("lastName"), stored.Str("salutation"), stored.GetProperty("cellPhone").Str("extension")));

        await Bodies.ReadAsync(await api.PutAsync("contacts/" + id, Bodies.Contact("Jo\rAnn", "Lee\nSr", "2441000001").ToJsonString()), HttpStatusCode.OK);
        Assert.Equal("Jo\rAnn", (await Bodies.ReadAsync(await api.GetAsync("contacts/" + id), HttpStatusCode.OK)).Str("firstName"));
        var history = (await Bodies.ReadAsync(await api.GetAsync($"contacts/{id}/history"), HttpStatusCode.OK)).GetProperty("history");
        var renamed = history[1].GetProperty("changes").EnumerateArray().Single(c => c.Str("field") == "firstName");
        Assert.Equal(("Ann\r\nMarie", "Jo\rAnn"), (renamed.Str("before"), renamed.Str("after")));

        var record = Bodies.Contact("Bulk\r\nName", "Two\n\nBreaks", "2441000001");
        record["id"] = id;
        var summary = await Bodies.ReadAsync(await api.PutAsync("contacts/bulk-update", new JsonArray(record).ToJsonString()), HttpStatusCode.OK);
        Assert.Equal(1, summary.GetProperty("successful").GetInt32());
        stored = await Bodies.ReadAsync(await api.GetAsync("contacts/" + id), HttpStatusCode.OK);
        Assert.Equal(("Bulk\r\nName", "Two\n\nBreaks"), (stored.Str("firstName"), stored.Str("lastName")));
    }

    [Theory, BothBackends]
    public async Task AnExportKeepsLineBreaksByteForByteAndImportsBackTheSame(string backend)
    {
        var factory = TestServers.For(backend);
        var source = await factory.NewTenantAsync();
        await Bodies.ReadAsync(await source.PostAsync("contacts", new JsonArray(
            Bodies.Contact("Ann\r\nMarie", "Lee\nSr", "2441000011", "+91", "1\r\n2", "Dr\r\nmed"),
            Bodies.Contact("José", "\"Quoted\"\r\nLine", "2441000012")).ToJsonString()), HttpStatusCode.Created);

        var export = await (await source.GetAsync("contacts/export")).Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        Assert.Equal([0xEF, 0xBB, 0xBF], export[..3]); // the UTF-8 BOM Excel needs to read "José" as UTF-8
        var text = Encoding.UTF8.GetString(export.AsSpan(3));
        Assert.StartsWith("firstName,lastName,", text, StringComparison.Ordinal);
        Assert.Contains("\"Ann\r\nMarie\",\"Lee\nSr\",\"Dr\r\nmed\",'+912441000011,'+91,\"1\r\n2\"\r\n", text, StringComparison.Ordinal);
        Assert.Contains("José,\"\"\"Quoted\"\"\r\nLine\",mr,", text, StringComparison.Ordinal);

        foreach (var (format, query) in new[] { ("csv", ""), ("csv", "?partial=true"), ("xlsx", ""), ("xlsx", "?partial=true") })
        {
            var file = await (await source.GetAsync("contacts/export?format=" + format)).Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
            var target = await factory.NewTenantAsync();
            await Bodies.ReadAsync(await target.ImportFileAsync(file, query, partType: null, fileName: "export.bin"), HttpStatusCode.Created);
            Assert.Equal(await source.SnapshotAsync(), await target.SnapshotAsync());
        }
    }

    [Theory, MemberData(nameof(OtherControls))]
    public async Task OtherControlCharactersAreA400AtEveryEntryPoint(string value)
    {
        var api = await TestServers.TenantAsync(Backends.Sqlite);
        var error = Assert.Single(await Bodies.ErrorsAsync(await api.PostAsync("contacts", new JsonArray(Bodies.Contact(value, "x", "2441000021")).ToJsonString()), HttpStatusCode.BadRequest));
        Assert.Equal(("firstName", "INVALID_FIELD"), (error.Str("field"), error.Str("code")));
        Assert.Contains("control characters other than line breaks", error.Str("msg"), StringComparison.Ordinal);

        var extension = Assert.Single(await Bodies.ErrorsAsync(await api.PostAsync("contacts", new JsonArray(Bodies.Contact("a", "x", "2441000022", "+91", value)).ToJsonString()), HttpStatusCode.BadRequest));
        Assert.Equal("cellPhone.extension", extension.Str("field"));

        var id = (await api.CreateAsync("plain", "name", "2441000023")).Str("id");
        Assert.Equal("lastName", Assert.Single(await Bodies.ErrorsAsync(await api.PutAsync("contacts/" + id, Bodies.Contact("plain", value, "2441000023").ToJsonString()), HttpStatusCode.BadRequest)).Str("field"));
        var record = Bodies.Contact("plain", "name", "2441000023", "+91", "+", value);
        record["id"] = id;
        var summary = await Bodies.ReadAsync(await api.PutAsync("contacts/bulk-update", new JsonArray(record).ToJsonString()), HttpStatusCode.OK);
        Assert.Equal("salutation", summary.GetProperty("failedRecords")[0].GetProperty("errors")[0].Str("field"));

        var csv = SpreadsheetFiles.Header + "\r\n" + $"\"{value}\",x,mr,2441000024,+91,+\r\n";
        var row = Assert.Single(await Bodies.ErrorsAsync(await api.ImportAsync(csv), HttpStatusCode.BadRequest));
        Assert.Equal((1, "firstName"), (row.GetProperty("row").GetInt32(), row.Str("field")));
        Assert.Equal(1, await api.CountAsync());
        Assert.Equal("name", (await Bodies.ReadAsync(await api.GetAsync("contacts/" + id), HttpStatusCode.OK)).Str("lastName"));
    }
}
