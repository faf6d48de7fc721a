using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Callbook.Tests.Infrastructure;

namespace Callbook.Tests.BadInputs;

/// <summary>
/// A multipart import over the size limit is a 413 with the JSON error body, through the real server
/// (Kestrel), whatever the transfer encoding (Content-Length or chunked) and wherever the limit is hit:
/// the file a little over, the whole body far over, a large form field before the file.
/// </summary>
public sealed class ImportSizeLimitTests
{
    private const int FileLimit = 64 * 1024;
    private const string Boundary = "callbook-test-boundary";

    [Theory, MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task AnOversizeImportIs413WhereverTheLimitIsHit(string backend)
    {
        Backends.SkipIfUnavailable(backend);
        var db = TestDatabases.Create(backend);
        var init = JsonDocument.Parse((await CallbookProcess.RunAsync("init", "--json", "--db", db)).Stdout).RootElement;
        var token = (await CallbookProcess.RunAsync("token", "--client-id", init.Str("clientId"), "--db", db)).Stdout.Trim();
        var port = CallbookProcess.FreePort();
        await using var server = await CallbookProcess.ServeAsync(db, port, "--no-demo", $"--Callbook:Limits:ImportFileBytes={FileLimit}");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        http.DefaultRequestHeaders.Add("auth", token);
        http.DefaultRequestHeaders.Add("accountId", init.Str("accountId"));
        var url = $"/agentassist/api/v1/public/{init.Str("streamId")}/contacts/import-contacts";

        var cases = new (string Name, byte[] Body)[]
        {
            ("file a little over", Form(Csv(FileLimit + 100))),
            ("file far over", Form(Csv(8 * 1024 * 1024))),
            ("large field first", Form(Csv(200), field: new string('x', 2 * 1024 * 1024))),
            ("field first, file just under", Form(Csv(FileLimit - 1000), field: new string('x', 1024 * 1024))),
        };
        foreach (var (name, body) in cases)
        {
            foreach (var chunked in new[] { false, true })
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = Content(body, chunked) };
                using var answer = await http.SendAsync(request, TestContext.Current.CancellationToken);
                var text = await answer.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
                Assert.True(answer.StatusCode == HttpStatusCode.RequestEntityTooLarge, $"{name}, {(chunked ? "chunked" : "Content-Length")}: {(int)answer.StatusCode} {text}");
                Assert.Equal("PAYLOAD_TOO_LARGE", JsonDocument.Parse(text).RootElement.GetProperty("errors")[0].Str("code"));
            }
        }

        // Under the limit, either way, the import goes through.
        foreach (var chunked in new[] { false, true })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url + "?summary=true") { Content = Content(Form(Csv(FileLimit - 1000, chunked ? 3 : 2)), chunked) };
            using var answer = await http.SendAsync(request, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Created, answer.StatusCode);
        }
    }

    /// <summary>A CSV of about <paramref name="bytes"/> bytes (distinct numbers per <paramref name="series"/>).</summary>
    private static string Csv(int bytes, int series = 0)
    {
        var csv = new StringBuilder("firstName,lastName,salutation,cellPhoneNumber,cellPhoneCountryCode,cellPhoneExtension\n");
        for (var i = 0; csv.Length < bytes - 40; i++)
        {
            csv.Append("Size,Limit,mr,").Append(series).Append(1000000 + i).Append(",+1,+\n");
        }
        return csv.ToString();
    }

    private static byte[] Form(string csv, string? field = null)
    {
        var form = new StringBuilder();
        if (field is not null)
        {
            form.Append("--" + Boundary + "\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\n" + field + "\r\n");
        }
        form.Append("--" + Boundary + "\r\nContent-Disposition: form-data; name=\"result_file\"; filename=\"c.csv\"\r\nContent-Type: text/csv\r\n\r\n" + csv + "\r\n--" + Boundary + "--\r\n");
        return Encoding.UTF8.GetBytes(form.ToString());
    }

    private static HttpContent Content(byte[] body, bool chunked)
    {
        HttpContent content = chunked ? new StreamContent(new UnknownLengthStream(body)) : new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={Boundary}");
        if (chunked)
        {
            content.Headers.ContentLength = null;
        }
        return content;
    }

    /// <summary>A stream that cannot tell its length, so HttpClient sends it chunked.</summary>
    private sealed class UnknownLengthStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
