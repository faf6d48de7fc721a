using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Callbook.Tests.Import;

namespace Callbook.Tests.Api;

/// <summary>
/// A JSON body over the limit is a 413 with the JSON error body on every JSON endpoint, through the
/// real server (Kestrel), with Content-Length or chunked, a little over our JSON limit or over
/// Kestrel's body limit, with or without an Idempotency-Key (whose filter reads the body first).
/// </summary>
public sealed class JsonBodySizeLimitTests
{
    private const int JsonLimit = 4096;
    private const int FileLimit = 64 * 1024;

    [Theory, BothBackends]
    public async Task AnOversizeJsonBodyIs413OnEveryJsonEndpoint(string backend)
    {
        Backends.SkipIfUnavailable(backend);
        var ct = TestContext.Current.CancellationToken;
        var db = TestDatabases.Create(backend);
        var init = JsonDocument.Parse((await CallbookProcess.RunAsync("init", "--json", "--db", db)).Stdout).RootElement;
        var token = (await CallbookProcess.RunAsync("token", "--client-id", init.Str("clientId"), "--db", db)).Stdout.Trim();
        var port = CallbookProcess.FreePort();
        await using var server = await CallbookProcess.ServeAsync(db, port, "--no-demo", $"--Callbook:Limits:JsonBodyBytes={JsonLimit}",
            $"--Callbook:Limits:ImportFileBytes={FileLimit}", "--Callbook:Webhooks:AllowPrivateNetworks=true");
        var prefix = $"/agentassist/api/v1/public/{init.Str("streamId")}/";
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}{prefix}") };
        http.DefaultRequestHeaders.Add("auth", token);
        http.DefaultRequestHeaders.Add("accountId", init.Str("accountId"));
        var created = await http.PostAsync("contacts", new StringContent(Bodies.Contacts(("Size", "Kept", "9812345630", "+91")), Encoding.UTF8, "application/json"), ct);
        var contact = JsonDocument.Parse(await created.Content.ReadAsStringAsync(ct)).RootElement[0].Str("id");
        var hook = await http.PostAsJsonAsync("webhooks", new { url = "http://127.0.0.1:9/hook" }, ct);
        var webhook = JsonDocument.Parse(await hook.Content.ReadAsStringAsync(ct)).RootElement.Str("id");

        var headers = $"auth: {token}\r\naccountId: {init.Str("accountId")}\r\n";
        var endpoints = new (string Method, string Path)[]
        {
            ("POST", "contacts"), ("PUT", "contacts/" + contact), ("PUT", "contacts/bulk-update"), ("DELETE", "contacts/bulk-delete"),
            ("POST", "webhooks"), ("PATCH", "webhooks/" + webhook),
        };
        // A string value padded past the limit: valid JSON, so only its size is wrong.
        byte[] Body(int bytes) => Encoding.UTF8.GetBytes($$"""{"pad":"{{new string('p', bytes)}}"}""");
        foreach (var (method, path) in endpoints)
        {
            foreach (var (size, what) in new[] { (JsonLimit + 10, "a little over the JSON limit"), (2 * 1024 * 1024, "over Kestrel's body limit") })
            {
                foreach (var chunked in new[] { false, true })
                {
                    foreach (var key in new[] { "", $"Idempotency-Key: size-{Guid.NewGuid():N}\r\n" })
                    {
                        var (status, text) = await ImportSizeLimitTests.RawPostAsync(port, prefix + path, headers + key, Body(size), chunked, method, "application/json");
                        var label = $"{method} {path}, {what}, {(chunked ? "chunked" : "Content-Length")}{(key.Length > 0 ? ", Idempotency-Key" : "")}";
                        Assert.True(status == 413, $"{label}: {status} {text[..Math.Min(300, text.Length)]}");
                        Assert.Equal("PAYLOAD_TOO_LARGE", JsonDocument.Parse(text).RootElement.GetProperty("errors")[0].Str("code"));
                    }
                }
            }
        }
        var after = await http.GetAsync($"contacts/{contact}", ct);
        Assert.Contains("\"Size\"", await after.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
    }
}
