using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Callbook.Tests.Import;

/// <summary>
/// A multipart import over the size limit is a 413 with the JSON error body, through the real server
/// (Kestrel), whatever the transfer encoding (Content-Length or chunked) and wherever the limit is hit:
/// the file a little over, the whole body far over, a large form field before the file. The same
/// for the console's import page, whose answer is a page saying what the limit is.
/// </summary>
public sealed partial class ImportSizeLimitTests
{
    private const int FileLimit = 64 * 1024;
    private const string Boundary = "callbook-test-boundary";

    [Theory, BothBackends]
    public async Task AnOversizeImportIs413WhereverTheLimitIsHit(string backend)
    {
        Backends.SkipIfUnavailable(backend);
        var db = TestDatabases.Create(backend);
        var init = JsonDocument.Parse((await CallbookProcess.RunAsync("init", "--json", "--db", db)).Stdout).RootElement;
        var token = (await CallbookProcess.RunAsync("token", "--client-id", init.Str("clientId"), "--db", db)).Stdout.Trim();
        var port = CallbookProcess.FreePort();
        await using var server = await CallbookProcess.ServeAsync(db, port, "--no-demo", $"--Callbook:Limits:ImportFileBytes={FileLimit}");
        var url = $"/agentassist/api/v1/public/{init.Str("streamId")}/contacts/import-contacts";
        var headers = $"auth: {token}\r\naccountId: {init.Str("accountId")}\r\n";

        var cases = new (string Name, byte[] Body)[]
        {
            ("file a little over", Form(Csv(FileLimit + 100))),
            ("file far over", Form(Csv(8 * 1024 * 1024))),
            ("large field first", Form(Csv(200), field: new string('x', 2 * 1024 * 1024))),
            ("field first, file under but body over", Form(Csv(FileLimit - 1000), field: new string('x', (1024 * 1024) + (16 * 1024)))),
        };
        foreach (var (name, body) in cases)
        {
            foreach (var chunked in new[] { false, true })
            {
                var (status, text) = await RawPostAsync(port, url, headers, body, chunked);
                Assert.True(status == 413, $"{name}, {(chunked ? "chunked" : "Content-Length")}: {status} {text[..Math.Min(300, text.Length)]}");
                Assert.Equal("PAYLOAD_TOO_LARGE", JsonDocument.Parse(text).RootElement.GetProperty("errors")[0].Str("code"));
            }
        }

        // Under the limit, either way, the import goes through.
        foreach (var chunked in new[] { false, true })
        {
            var (status, text) = await RawPostAsync(port, url + "?summary=true", headers, Form(Csv(FileLimit - 1000, chunked ? 3 : 2)), chunked);
            Assert.True(status == 201, $"{status} {text[..Math.Min(300, text.Length)]}");
        }
    }

    [Theory, BothBackends]
    public async Task AnOversizeConsoleUploadIs413WhereverTheLimitIsHit(string backend)
    {
        Backends.SkipIfUnavailable(backend);
        var db = TestDatabases.Create(backend);
        var init = JsonDocument.Parse((await CallbookProcess.RunAsync("init", "--json", "--db", db)).Stdout).RootElement;
        const string Email = "limits@example.com", Password = "limits password";
        Assert.Equal(0, (await CallbookProcess.RunAsync("users", "create", "--email", Email, "--password", Password, "--db", db)).ExitCode);
        Assert.Equal(0, (await CallbookProcess.RunAsync("users", "grant", "--email", Email, "--account", init.Str("accountId"), "--db", db)).ExitCode);
        var port = CallbookProcess.FreePort();
        await using var server = await CallbookProcess.ServeAsync(db, port, "--no-demo", $"--Callbook:Limits:ImportFileBytes={FileLimit}");
        var cookies = new CookieContainer();
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        var ct = TestContext.Current.CancellationToken;
        var signIn = TokenField().Match(await http.GetStringAsync("/console/signin", ct)).Groups[1].Value;
        var signedIn = await http.PostAsync("/console/signin", new FormUrlEncodedContent(new Dictionary<string, string> { ["Email"] = Email, ["Password"] = Password, ["__RequestVerificationToken"] = signIn }), ct);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var url = $"/console/streams/{init.Str("streamId")}/import";
        var token = TokenField().Match(await http.GetStringAsync(url, ct)).Groups[1].Value;
        var headers = $"Cookie: {cookies.GetCookieHeader(new Uri(http.BaseAddress!, url))}\r\n";

        var cases = new (string Name, byte[] Body)[]
        {
            ("file a little over", Form(Csv(FileLimit + 100), fileField: "Upload", token: token)),
            ("file far over", Form(Csv(8 * 1024 * 1024), fileField: "Upload", token: token)),
            ("large field first", Form(Csv(200), field: new string('x', 2 * 1024 * 1024), fileField: "Upload", token: token)),
        };
        foreach (var (name, body) in cases)
        {
            foreach (var chunked in new[] { false, true })
            {
                var (status, text) = await RawPostAsync(port, url, headers, body, chunked);
                Assert.True(status == 413, $"{name}, {(chunked ? "chunked" : "Content-Length")}: {status} {text[..Math.Min(300, text.Length)]}");
                Assert.Contains("a file may be at most 64 KB", text, StringComparison.Ordinal);
            }
        }
        var (okStatus, okText) = await RawPostAsync(port, url, headers, Form(Csv(FileLimit - 1000, 4), fileField: "Upload", token: token), chunked: true);
        Assert.True(okStatus == 200, $"{okStatus} {okText[..Math.Min(300, okText.Length)]}");
        Assert.Contains("import-done", okText, StringComparison.Ordinal);
    }

    /// <summary>
    /// POSTs over a plain socket and reads the answer while still sending, as curl and browsers do: a
    /// server may answer an oversize upload before it has all of it (and close the connection).
    /// </summary>
    internal static async Task<(int Status, string Body)> RawPostAsync(int port, string path, string headers, byte[] body, bool chunked, string method = "POST", string? contentType = null)
    {
        var ct = TestContext.Current.CancellationToken;
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, port, ct);
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        var head = $"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{headers}Content-Type: {contentType ?? "multipart/form-data; boundary=" + Boundary}\r\n" +
                   (chunked ? "Transfer-Encoding: chunked\r\n" : $"Content-Length: {body.Length}\r\n") + "Connection: close\r\n\r\n";
        var sending = Task.Run(async () =>
        {
            try
            {
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head), ct);
                for (var offset = 0; offset < body.Length; offset += 16 * 1024)
                {
                    var part = body.AsMemory(offset, Math.Min(16 * 1024, body.Length - offset));
                    if (chunked)
                    {
                        await stream.WriteAsync(Encoding.ASCII.GetBytes(part.Length.ToString("x", System.Globalization.CultureInfo.InvariantCulture) + "\r\n"), ct);
                    }
                    await stream.WriteAsync(part, ct);
                    if (chunked)
                    {
                        await stream.WriteAsync("\r\n"u8.ToArray(), ct);
                    }
                }
                if (chunked)
                {
                    await stream.WriteAsync("0\r\n\r\n"u8.ToArray(), ct);
                }
            }
            catch (IOException)
            {
                // The server answered and closed before taking everything: its answer is what counts.
            }
        }, ct);
        var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        while (true)
        {
            int read;
            try
            {
                read = await stream.ReadAsync(buffer, timeout.Token);
            }
            catch (IOException)
            {
                break;
            }
            if (read == 0)
            {
                break;
            }
            received.Write(buffer, 0, read);
            var text = Encoding.UTF8.GetString(received.ToArray());
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            var length = Regex.Match(text, "(?im)^content-length: *(\\d+)");
            if (end > 0 && ((length.Success && received.Length >= end + 4 + int.Parse(length.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)) ||
                            text.EndsWith("\r\n0\r\n\r\n", StringComparison.Ordinal)))
            {
                break;
            }
        }
        socket.Close();
        await sending;
        var answer = Encoding.UTF8.GetString(received.ToArray());
        var split = answer.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.True(split > 0, "no answer: " + answer);
        var content = answer[(split + 4)..];
        if (Regex.IsMatch(answer[..split], "(?im)^transfer-encoding: *chunked"))
        {
            // One chunk or several: keep the data lines, drop the size lines.
            var lines = content.Split("\r\n");
            content = string.Concat(lines.Where((_, i) => i % 2 == 1));
        }
        return (int.Parse(answer.AsSpan(9, 3), System.Globalization.CultureInfo.InvariantCulture), content);
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

    private static byte[] Form(string csv, string? field = null, string fileField = "result_file", string? token = null)
    {
        var form = new StringBuilder();
        if (token is not null)
        {
            form.Append("--" + Boundary + "\r\nContent-Disposition: form-data; name=\"__RequestVerificationToken\"\r\n\r\n" + token + "\r\n");
        }
        if (field is not null)
        {
            form.Append("--" + Boundary + "\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\n" + field + "\r\n");
        }
        form.Append("--" + Boundary + "\r\nContent-Disposition: form-data; name=\"" + fileField + "\"; filename=\"c.csv\"\r\nContent-Type: text/csv\r\n\r\n" + csv + "\r\n--" + Boundary + "--\r\n");
        return Encoding.UTF8.GetBytes(form.ToString());
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
