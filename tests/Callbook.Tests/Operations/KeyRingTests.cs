using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace Callbook.Tests.Operations;

/// <summary>The key ring: owner-only folder, and its keys encrypted with a certificate when one is configured.</summary>
public sealed class KeyRingTests
{
    [Fact]
    public async Task KeysAreEncryptedWithTheConfiguredCertificateAndStillVerifyTokens()
    {
        var folder = DatabaseLocationTests.NewFolder();
        var pfx = Path.Combine(folder, "keys.pfx");
        using (var rsa = RSA.Create(2048))
        {
            var certificateRequest = new CertificateRequest("CN=callbook key ring", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = certificateRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pkcs12, "pfx-pass"), TestContext.Current.CancellationToken);
        }
        var db = "sqlite:" + Path.Combine(folder, "data", "callbook.db");
        var environment = new Dictionary<string, string?> { ["Callbook__KeysCertificate"] = pfx, ["Callbook__KeysCertificatePassword"] = "pfx-pass" };

        var init = await CallbookProcess.RunInAsync(null, environment, "init", "--json", "--db", db);
        Assert.Equal(0, init.ExitCode);
        var keys = Path.Combine(folder, "data", "keys");
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(keys));
        }
        var key = await File.ReadAllTextAsync(Assert.Single(Directory.GetFiles(keys, "key-*.xml")), TestContext.Current.CancellationToken);
        Assert.Contains("EncryptedData", key, StringComparison.Ordinal);
        Assert.DoesNotContain("<masterKey", key, StringComparison.Ordinal);

        var setup = JsonDocument.Parse(init.Stdout).RootElement;
        var port = CallbookProcess.FreePort();
        await using var server = await CallbookProcess.ServeAsync(environment, db, port, "--no-demo");
        Assert.Contains("keys encrypted with the certificate", server.Output, StringComparison.Ordinal);
        var token = (await CallbookProcess.RunInAsync(null, environment, "token", "--client-id", setup.Str("clientId"), "--db", db)).Stdout.Trim();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/agentassist/api/v1/public/{setup.Str("streamId")}/contacts");
        request.Headers.Add("auth", token);
        request.Headers.Add("accountId", setup.Str("accountId"));
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(request, TestContext.Current.CancellationToken)).StatusCode);

        // Without the certificate the secrets cannot be read: one line, not a stack trace.
        var without = await CallbookProcess.RunAsync("token", "--client-id", setup.Str("clientId"), "--db", db);
        Assert.Equal(2, without.ExitCode);
        Assert.Contains("cannot decrypt", without.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", without.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMissingCertificateFileIsOneLine()
    {
        var missing = Path.Combine(DatabaseLocationTests.NewFolder(), "none.pfx");
        var (code, stdout, stderr) = await CallbookProcess.RunInAsync(null, new Dictionary<string, string?> { ["Callbook__KeysCertificate"] = missing },
            "init", "--db", "sqlite:" + Path.Combine(DatabaseLocationTests.NewFolder(), "callbook.db"));
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Equal($"callbook: Callbook:KeysCertificate names no file: {missing}", stderr.Trim());
    }
}
