using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Callbook.Api.Auth;
using Callbook.Tenancy;

namespace Callbook.Tests.Auth;

/// <summary>RS256/RS512 and JWE apps made, used and rotated with the real executable, as an operator would.</summary>
public sealed class AppKindCommandTests
{
    [Fact]
    public async Task RsAndJweAppsAreCreatedUsedAndRotatedFromTheCommandLine()
    {
        var db = TestDatabases.Create(Backends.Sqlite);
        var folder = Directory.CreateTempSubdirectory("callbook-keys-").FullName;
        var init = JsonDocument.Parse((await CallbookProcess.RunAsync("init", "--json", "--db", db)).Stdout).RootElement;
        var (accountId, streamId) = (init.Str("accountId"), init.Str("streamId"));
        using var rs256 = RSA.Create(2048);
        using var rs512 = RSA.Create(3072);
        using var next = RSA.Create(2048);
        using var small = RSA.Create(1024);
        string Write(string name, string text)
        {
            var path = Path.Combine(folder, name);
            File.WriteAllText(path, text);
            return path;
        }
        var rs256Public = Write("rs256.pub.pem", rs256.ExportSubjectPublicKeyInfoPem());
        var rs256Private = Write("rs256.pem", rs256.ExportPkcs8PrivateKeyPem());
        var rs512Jwk = Write("rs512.jwk", RsaKeys.PublicJwkOf(rs512.ExportSubjectPublicKeyInfoPem(), "mine", "sig", "RS512").ToJsonString());
        var rs512Private = Write("rs512.pem", rs512.ExportRSAPrivateKeyPem());
        var nextPublic = Write("next.pub.pem", next.ExportSubjectPublicKeyInfoPem());
        var nextPrivate = Write("next.pem", next.ExportPkcs8PrivateKeyPem());

        async Task<JsonElement> CreateAsync(params string[] args)
        {
            var run = await CallbookProcess.RunAsync(["apps", "create", "--account", accountId, "--stream", streamId, "--db", db, .. args]);
            Assert.True(run.ExitCode == 0, run.Stderr);
            return JsonDocument.Parse(run.Stdout).RootElement;
        }
        async Task<string> RefusedAsync(params string[] args)
        {
            var run = await CallbookProcess.RunAsync([.. args, "--db", db]);
            Assert.NotEqual(0, run.ExitCode);
            return run.Stderr;
        }
        var rsApp = await CreateAsync("--alg", "RS256", "--public-key", rs256Public);
        Assert.Equal("RS256", rsApp.Str("algorithm"));
        Assert.False(rsApp.TryGetProperty("clientSecret", out _));
        var rs512App = await CreateAsync("--alg", "rs512", "--public-key", rs512Jwk);
        Assert.Equal("RS512", rs512App.Str("algorithm"));
        var jweApp = await CreateAsync("--enforce-jwe");
        var jwe = jweApp.GetProperty("jwe");
        Assert.Equal(jweApp.Str("clientId"), jwe.Str("kid"));
        Assert.Equal(jwe.GetProperty("publicJwk").Str("kid"), jwe.Str("kid"));
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", jwe.Str("publicKeyPem"), StringComparison.Ordinal);

        Assert.Contains("1024 bits", await RefusedAsync("apps", "create", "--account", accountId, "--alg", "RS256", "--public-key", Write("small.pub.pem", small.ExportSubjectPublicKeyInfoPem())), StringComparison.Ordinal);
        Assert.Contains("private key", await RefusedAsync("apps", "create", "--account", accountId, "--alg", "RS256", "--public-key", rs256Private), StringComparison.Ordinal);
        Assert.Contains("--public-key", await RefusedAsync("apps", "create", "--account", accountId, "--alg", "RS512"), StringComparison.Ordinal);
        Assert.Contains("--public-key", await RefusedAsync("apps", "create", "--account", accountId, "--public-key", rs256Public), StringComparison.Ordinal);
        Assert.Contains("--alg", await RefusedAsync("apps", "create", "--account", accountId, "--alg", "PS256"), StringComparison.Ordinal);

        // show-jwe-key prints the key the create printed, as JSON, bare PEM or bare JWK.
        var shown = JsonDocument.Parse((await CallbookProcess.RunAsync("apps", "show-jwe-key", "--client-id", jweApp.Str("clientId"), "--db", db)).Stdout).RootElement;
        Assert.True(JsonElement.DeepEquals(jwe, shown), shown.ToString());
        Assert.Equal(jwe.Str("publicKeyPem").Trim(), (await CallbookProcess.RunAsync("apps", "show-jwe-key", "--client-id", jweApp.Str("clientId"), "--format", "pem", "--db", db)).Stdout.Trim());
        Assert.Equal(jwe.GetProperty("publicJwk").Str("n"), JsonDocument.Parse((await CallbookProcess.RunAsync("apps", "show-jwe-key", "--client-id", jweApp.Str("clientId"), "--format", "jwk", "--db", db)).Stdout).RootElement.Str("n"));
        Assert.Contains("takes no encrypted tokens", await RefusedAsync("apps", "show-jwe-key", "--client-id", rsApp.Str("clientId")), StringComparison.Ordinal);
        var list = (await CallbookProcess.RunAsync("apps", "list", "--db", db)).Stdout;
        Assert.Contains("RS512", list, StringComparison.Ordinal);
        Assert.Contains("HS256 JWE only", list, StringComparison.Ordinal);

        var port = CallbookProcess.FreePort();
        await using var server = await CallbookProcess.ServeAsync(db, port, "--no-demo");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        async Task<HttpStatusCode> ListAsync(string token)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, $"/agentassist/api/v1/public/{streamId}/contacts");
            request.Headers.Add("auth", token);
            request.Headers.Add("accountId", accountId);
            return (await http.SendAsync(request, TestContext.Current.CancellationToken)).StatusCode;
        }
        async Task<string> TokenAsync(params string[] args)
        {
            var run = await CallbookProcess.RunAsync(["token", "--db", db, .. args]);
            Assert.True(run.ExitCode == 0, run.Stderr);
            return run.Stdout.Trim();
        }

        var rsToken = await TokenAsync("--client-id", rsApp.Str("clientId"), "--private-key", rs256Private);
        Assert.Equal(HttpStatusCode.OK, await ListAsync(rsToken));
        Assert.Equal(HttpStatusCode.OK, await ListAsync(await TokenAsync("--client-id", rs512App.Str("clientId"), "--private-key", rs512Private)));
        Assert.Equal(HttpStatusCode.Unauthorized, await ListAsync(await TokenAsync("--client-id", rs512App.Str("clientId"), "--private-key", rs256Private)));
        Assert.Contains("--private-key", await RefusedAsync("token", "--client-id", rsApp.Str("clientId")), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, await ListAsync(await TokenAsync("--client-id", jweApp.Str("clientId"), "--encrypt")));
        Assert.Equal(HttpStatusCode.Unauthorized, await ListAsync(await TokenAsync("--client-id", jweApp.Str("clientId"))));
        // A client encrypting with the printed key and its own library gets in too.
        var signed = Tokens.Issue(jweApp.Str("clientId"), jweApp.Str("clientSecret"), TimeSpan.FromMinutes(5), DateTimeOffset.UtcNow);
        Assert.Equal(HttpStatusCode.OK, await ListAsync(EncryptedTokens.Encrypt(signed, jwe.Str("kid"), jwe.Str("publicKeyPem"))));

        // Key rotation: the old key keeps working for the grace period, then not at all.
        var rotated = JsonDocument.Parse((await CallbookProcess.RunAsync("apps", "rotate-key", "--client-id", rsApp.Str("clientId"), "--public-key", nextPublic, "--db", db)).Stdout).RootElement;
        Assert.Equal("RS256", rotated.Str("algorithm"));
        var nextToken = await TokenAsync("--client-id", rsApp.Str("clientId"), "--private-key", nextPrivate);
        Assert.Equal(HttpStatusCode.OK, await ListAsync(rsToken));
        Assert.Equal(HttpStatusCode.OK, await ListAsync(nextToken));
        Assert.Equal(0, (await CallbookProcess.RunAsync("apps", "rotate-key", "--client-id", rsApp.Str("clientId"), "--public-key", nextPublic, "--grace-minutes", "0", "--db", db)).ExitCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await ListAsync(rsToken));
        Assert.Equal(HttpStatusCode.OK, await ListAsync(nextToken));
        Assert.Contains("rotate-secret", await RefusedAsync("apps", "rotate-key", "--client-id", init.Str("clientId"), "--public-key", nextPublic), StringComparison.Ordinal);
        Assert.Contains("rotate-key", await RefusedAsync("apps", "rotate-secret", "--client-id", rsApp.Str("clientId")), StringComparison.Ordinal);
    }
}
