using System.Net;
using System.Text;

namespace Callbook.Tests.Import;

public sealed class ImportContactsTests
{
    private const string Header = "firstName,lastName,salutation,cellPhoneNumber,cellPhoneCountryCode,cellPhoneExtension\n";

    [Theory, BothBackends]
    public async Task ImportsQuotedRowsWithColumnsInAnyOrderAndABom(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        var csv = "\uFEFFcellPhoneCountryCode,cellPhoneNumber,firstName,lastName,salutation,cellPhoneExtension,notes\r\n" +
                  "+91,2445612345,john,doe,mr,+,ignored\r\n" +
                  "+1,\"4155550100\",\"O\"\"Brien, Pat\",\"Smith, Jr\",Dr,,\"multi\r\nline note\"\r\n" +
                  "\r\n" +
                  "+44,+442079460000,Zoë,Ñúñez,Ms,44,\r\n";

        var created = await Bodies.ReadAsync(await api.ImportAsync(csv), HttpStatusCode.Created);

        Assert.Equal(3, created.GetArrayLength());
        Assert.Equal(Bodies.ContactKeys, Bodies.Keys(created[0]));
        Assert.Equal("+912445612345", created[0].GetProperty("cellPhone").Str("phoneNumber"));
        Assert.Equal("O\"Brien, Pat", created[1].Str("firstName"));
        Assert.Equal("", created[1].GetProperty("cellPhone").Str("extension"));
        Assert.Equal("+442079460000", created[2].GetProperty("cellPhone").Str("phoneNumber"));
        Assert.Equal("Zoë Ñúñez", created[2].Str("fullName"));
        Assert.Equal(3, await api.CountAsync());
    }

    [Theory, BothBackends]
    public async Task OneBadRowImportsNothingAndEveryBadRowIsListed(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        await api.CreateAsync("held", "number", "7700001", "+1");
        var csv = Header +
                  "a,a,mr,7700002,+1,+\n" +       // row 1 ok
                  "b,b,mr,77x00003,+1,+\n" +      // row 2 bad phone
                  "c,c,mr,7700001,+1,+\n" +       // row 3 number held
                  "d,d,mr,7700004,+1\n" +         // row 4 too few fields
                  ",e,mr,7700005,+1,+\n" +        // row 5 empty first name
                  "f,f,mr,7700002,+1,+\n";        // row 6 same number as row 1

        var errors = await Bodies.ErrorsAsync(await api.ImportAsync(csv), HttpStatusCode.BadRequest);

        Assert.Equal([2, 3, 4, 5, 6], errors.Select(e => e.GetProperty("row").GetInt32()));
        Assert.Equal(["INVALID_FIELD", "PHONE_IN_USE", "INVALID_CSV", "INVALID_FIELD", "PHONE_IN_USE"], errors.Select(e => e.Str("code")));
        Assert.Equal("cellPhoneNumber", errors[0].Str("field"));
        Assert.Equal("firstName", errors[3].Str("field"));
        Assert.Equal(1, await api.CountAsync());
    }

    [Theory, BothBackends]
    public async Task PartialImportKeepsGoodRowsAndReportsBadOnes(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        var csv = Header + "a,a,mr,7800001,+1,+\nb,b,mr,bad,+1,+\nc,c,mr,7800003,+1,+\n";

        var summary = await Bodies.ReadAsync(await api.ImportAsync(csv, "?partial=true"), HttpStatusCode.Created);

        Assert.Equal(["totalRows", "imported", "failed", "errors", "contacts"], Bodies.Keys(summary));
        Assert.Equal(3, summary.GetProperty("totalRows").GetInt32());
        Assert.Equal(2, summary.GetProperty("imported").GetInt32());
        Assert.Equal(1, summary.GetProperty("failed").GetInt32());
        Assert.Equal(2, Assert.Single(summary.GetProperty("errors").EnumerateArray()).GetProperty("row").GetInt32());
        Assert.Equal(["a", "c"], summary.GetProperty("contacts").EnumerateArray().Select(c => c.Str("firstName")));
        Assert.Equal(2, await api.CountAsync());
    }

    [Theory, BothBackends]
    public async Task SummaryAnswersCountsOnly(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        var csv = new StringBuilder(Header);
        for (var i = 0; i < 5000; i++)
        {
            csv.Append("first").Append(i).Append(",last,mr,").Append(20000000 + i).Append(",+49,\n");
        }

        var summary = await Bodies.ReadAsync(await api.ImportAsync(csv.ToString(), "?summary=true"), HttpStatusCode.Created);

        Assert.Equal("""{"totalRows":5000,"imported":5000,"failed":0,"errors":[]}""", summary.GetRawText());
        Assert.Equal(5000, await api.CountAsync());
        var last = await Bodies.ReadAsync(await api.GetAsync("contacts?skip=4999&limit=1"), HttpStatusCode.OK);
        Assert.Equal("first4999", last.GetProperty("results")[0].Str("firstName"));
    }

    [Theory, BothBackends]
    public async Task BadFilesAre400WithAClearReason(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        async Task<string> MsgAsync(HttpResponseMessage response) => Assert.Single(await Bodies.ErrorsAsync(response, HttpStatusCode.BadRequest)).Str("msg");

        Assert.Contains("lacks the column(s) cellPhoneCountryCode", await MsgAsync(await api.ImportAsync("firstName,lastName,salutation,cellPhoneNumber,cellPhoneExtension\na,b,mr,1234567,+\n")), StringComparison.Ordinal);
        Assert.Contains("empty", await MsgAsync(await api.ImportAsync("")), StringComparison.Ordinal);
        Assert.Contains("no data row", await MsgAsync(await api.ImportAsync(Header)), StringComparison.Ordinal);
        Assert.Contains("result_file", await MsgAsync(await api.ImportAsync(Header + "a,b,mr,1234567,+1,\n", field: "file")), StringComparison.Ordinal);
        Assert.Contains("partial", await MsgAsync(await api.ImportAsync(Header + "a,b,mr,1234567,+1,\n", "?partial=maybe")), StringComparison.Ordinal);
        Assert.Contains("not closed", (await Bodies.ErrorsAsync(await api.ImportAsync(Header + "a,\"b,mr,1234567,+1,\n"), HttpStatusCode.BadRequest))[0].Str("msg"), StringComparison.Ordinal);

        var form = new MultipartFormDataContent { { new ByteArrayContent([0x66, 0xFF, 0xFE, 0x0A]), "result_file", "bad.csv" } };
        var invalidUtf8 = await api.SendAsync(HttpMethod.Post, "contacts/import-contacts", configure: r => r.Content = form);
        Assert.Contains("UTF-8", await MsgAsync(invalidUtf8), StringComparison.Ordinal);

        // Two files in one request: importing only the first would drop the second's rows unseen.
        foreach (var query in new[] { "", "?partial=true" })
        {
            var two = new MultipartFormDataContent
            {
                { new StringContent(Header + "one,a,mr,1234567,+1,\n"), "result_file", "one.csv" },
                { new StringContent(Header + "two,b,mr,1234568,+1,\n"), "result_file", "two.csv" },
            };
            var error = Assert.Single(await Bodies.ErrorsAsync(await api.SendAsync(HttpMethod.Post, "contacts/import-contacts" + query, configure: r => r.Content = two), HttpStatusCode.BadRequest));
            Assert.Equal(("result_file", "INVALID_BODY"), (error.Str("field"), error.Str("code")));
            Assert.Contains("one file per request", error.Str("msg"), StringComparison.Ordinal);
        }
        Assert.Equal(0, await api.CountAsync());
    }

    [Fact]
    public async Task RowLimitRejectsTheWholeFile()
    {
        await using var factory = new CallbookFactory(Backends.Sqlite, new Dictionary<string, string?> { ["Callbook:Limits:ImportRows"] = "3" });
        var api = await factory.NewTenantAsync();
        var csv = Header + "a,a,mr,1000001,+1,\nb,b,mr,1000002,+1,\nc,c,mr,1000003,+1,\nd,d,mr,1000004,+1,\n";

        Assert.Equal("TOO_MANY_RECORDS", await Bodies.SingleErrorCodeAsync(await api.ImportAsync(csv, "?partial=true"), HttpStatusCode.BadRequest));
        Assert.Equal(0, await api.CountAsync());
    }
}
