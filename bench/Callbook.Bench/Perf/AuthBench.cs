using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Callbook.Api.Auth;
using Callbook.Storage;
using Callbook.Stores;
using Callbook.Tenancy;
using Microsoft.Extensions.Logging.Abstractions;

namespace Callbook.Bench.Perf;

/// <summary>
/// #8: what the kind of app costs on the hot path. The caller lookup of #3 sent with a token of an
/// RS256 app and of a JWE app (RS256 inside RSA-OAEP-256 + A256GCM), each against the same lookup
/// with the HS256 app's token, alternating rounds, best of each. The apps are made and their tokens
/// minted with the CLI, as an operator and a client would. Then, in process, the cost of verifying
/// a token never seen before (the verified-token memo cannot help), per kind.
/// </summary>
public static class AuthBench
{
    private const int Connections = 16;
    private const int Rounds = 2;

    public static async Task RunAsync(PerfOptions o, ServerProcess server, Report report)
    {
        using var key = RSA.Create(2048);
        var privatePath = Path.Combine(o.Work, "bench-rs256.pem");
        var publicPath = Path.Combine(o.Work, "bench-rs256.pub.pem");
        await File.WriteAllTextAsync(privatePath, key.ExportPkcs8PrivateKeyPem());
        await File.WriteAllTextAsync(publicPath, key.ExportSubjectPublicKeyInfoPem());
        var rsApp = await CreateAppAsync(o, "--alg", "RS256", "--public-key", publicPath);
        var jweApp = await CreateAppAsync(o, "--alg", "RS256", "--public-key", publicPath, "--enforce-jwe");
        var rsToken = await CliAsync(o, "token", "--client-id", rsApp, "--private-key", privatePath, "--expires-in", "360");
        var jweToken = await CliAsync(o, "token", "--client-id", jweApp, "--private-key", privatePath, "--encrypt", "--expires-in", "360");
        Console.Error.WriteLine($"RS256 token {rsToken.Length} chars, JWE token {jweToken.Length} chars");

        var data = ContactData.Imported;
        string Lookup(Random random) => "/agentassist/api/v1/public/" + o.ImportStream + "/contacts?phone=%2B1" + data.National(random.Next(o.ImportRows));
        using var hs = new Api(server.Url, o, o.ImportStream, Connections);
        using var rs = new Api(server.Url, o, o.ImportStream, Connections, rsToken);
        using var jwe = new Api(server.Url, o, o.ImportStream, Connections, jweToken);
        foreach (var api in new[] { hs, rs, jwe })
        {
            await api.SendAsync(HttpMethod.Get, Lookup(new Random(1)), null, HttpStatusCode.OK);
        }
        LoadResult? bestHs = null, bestRs = null, bestJwe = null;
        static LoadResult Best(LoadResult? best, LoadResult run) => best is null || run.PerSecond > best.PerSecond ? run : best;
        for (var round = 0; round < Rounds; round++)
        {
            var hsRun = await hs.LoadAsync(Connections, o.LoadDuration, Lookup, server);
            var rsRun = await rs.LoadAsync(Connections, o.LoadDuration, Lookup, server);
            var jweRun = await jwe.LoadAsync(Connections, o.LoadDuration, Lookup, server);
            Console.Error.WriteLine($"round {round}: HS256 {hsRun}, RS256 {rsRun}, JWE {jweRun}");
            (bestHs, bestRs, bestJwe) = (Best(bestHs, hsRun), Best(bestRs, rsRun), Best(bestJwe, jweRun));
        }
        string Extra(LoadResult run) => $" (p99 {PerfOptions.F(run.P99Ms, "F2")} ms, {PerfOptions.F(run.ServerCpuMicroseconds)} µs CPU)";
        report.AddRatio("8", $"caller lookup with an RS256 app's token, {Connections} connections", "req/s", bestRs!.PerSecond, bestHs!.PerSecond,
            "same lookup, HS256 app", 0.9, Extra(bestRs));
        report.AddRatio("8", $"caller lookup with a JWE app's token (RS256 inside), {Connections} connections", "req/s", bestJwe!.PerSecond, bestHs.PerSecond,
            "same lookup, HS256 app", 0.9, Extra(bestJwe));
        await FirstSightAsync(o, report);
    }

    /// <summary>Microseconds to validate a token seen for the first time, per kind, in process on a scratch database (app lookups cached as in the server).</summary>
    private static async Task FirstSightAsync(PerfOptions o, Report report)
    {
        var count = o.Quick ? 50 : 500;
        await using var database = CallbookDatabases.Open("sqlite:" + Path.Combine(o.Work, "auth-bench.db"), TimeProvider.System);
        await database.MigrateAsync(CancellationToken.None);
        var tenant = await database.Tenancy.CreateTenantAsync("auth-bench", CancellationToken.None);
        using var key = RSA.Create(2048);
        var rs = await database.Tenancy.CreateAppAsync(new NewApp(tenant.AccountId, "rs", "", false, false, [])
        {
            Algorithm = JwtAlgorithms.Rs256,
            PublicKey = key.ExportSubjectPublicKeyInfoPem(),
        }, CancellationToken.None);
        var jwe = await database.Tenancy.CreateAppAsync(new NewApp(tenant.AccountId, "jwe", "", false, false, [])
        {
            Algorithm = JwtAlgorithms.Rs256,
            PublicKey = key.ExportSubjectPublicKeyInfoPem(),
            JwePrivateKey = RsaKeys.NewEncryptionKey(),
            EnforceJwe = true,
        }, CancellationToken.None);
        var jwePublic = RsaKeys.PublicPemOf(jwe.JwePrivateKey!);
        var now = DateTimeOffset.UtcNow;
        var lifetime = TimeSpan.FromHours(1);
        var kinds = new (string Name, Func<int, string> Make)[]
        {
            ("HS256", i => Tokens.Issue(tenant.ClientId, tenant.ClientSecret, lifetime, now, jti: "t" + i)),
            ("RS256", i => Tokens.IssueRsa(rs.ClientId, key, JwtAlgorithms.Rs256, lifetime, now, "t" + i)),
            ("JWE (RS256 inside)", i => EncryptedTokens.Encrypt(Tokens.IssueRsa(jwe.ClientId, key, JwtAlgorithms.Rs256, lifetime, now, "t" + i), jwe.ClientId, jwePublic)),
        };
        var micros = new Dictionary<string, double>();
        foreach (var (name, make) in kinds)
        {
            var tokens = Enumerable.Range(0, count).Select(make).ToList();
            var validator = new Tokens(database.Auth, TimeProvider.System, NullLogger<Tokens>.Instance);
            await validator.ValidateAsync(tokens[0], CancellationToken.None);
            var clock = Stopwatch.StartNew();
            foreach (var token in tokens.Skip(1))
            {
                if ((await validator.ValidateAsync(token, CancellationToken.None)).App is null)
                {
                    throw new InvalidOperationException($"a {name} token did not validate");
                }
            }
            micros[name] = clock.Elapsed.TotalMicroseconds / (count - 1);
        }
        foreach (var (name, _) in kinds.Skip(1))
        {
            report.Add(new Row("8", $"verifying a token never seen before (no memo), {name}, in process", $"{PerfOptions.F(micros[name])} µs",
                $"HS256: {PerfOptions.F(micros["HS256"])} µs", $"{PerfOptions.F(micros[name] / micros["HS256"], "F1")}×", "—", null));
        }
    }

    private static async Task<string> CreateAppAsync(PerfOptions o, params string[] args)
    {
        var json = await CliAsync(o, ["apps", "create", "--account", o.Account, "--stream", o.ImportStream, "--name", "bench", .. args]);
        using var created = JsonDocument.Parse(json);
        return created.RootElement.GetProperty("clientId").GetString()!;
    }

    /// <summary>Runs `callbook …` on the benchmark's database and returns its standard output; a failure stops the run.</summary>
    private static async Task<string> CliAsync(PerfOptions o, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in (string[])[o.Callbook, .. args, "--db", o.Db])
        {
            info.ArgumentList.Add(arg);
        }
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? (await output).Trim() : throw new InvalidOperationException($"callbook {args[0]} {args[1]}: {await error}");
    }
}
