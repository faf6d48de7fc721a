using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Callbook.Stores;
using Callbook.Tenancy;
using static Callbook.Cli.AdminCommands;

namespace Callbook.Cli;

/// <summary><c>callbook apps …</c>: JWT clients of every kind (HS256/HS512 with a secret, RS256/RS512 with a registered public key, JWE), straight on the database.</summary>
internal static class AppCommands
{
    // Relaxed escaping: a PEM's "+" and "/" stay readable.
    private static readonly JsonSerializerOptions Pretty = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Build()
    {
        var apps = new Command("apps", "Manage apps (JWT clients).");
        apps.Subcommands.Add(Create());
        apps.Subcommands.Add(List());
        apps.Subcommands.Add(AppChange("revoke", "Revoke an app: its tokens are refused from now on.", (t, id, ct) => t.RevokeAppAsync(id, ct), id => $"revoked {id}"));
        apps.Subcommands.Add(RotateSecret());
        apps.Subcommands.Add(AppKeyCommands.RotateKey());
        apps.Subcommands.Add(AppKeyCommands.ShowJweKey());
        apps.Subcommands.Add(SetLimits());
        apps.Subcommands.Add(Grant());
        return apps;
    }

    private static Command Create()
    {
        var db = CallbookCli.DbOption();
        var account = new Option<string>("--account") { Description = "The account id.", Required = true };
        var name = new Option<string>("--name") { Description = "A name for the app.", DefaultValueFactory = _ => "app" };
        var streams = new Option<string[]>("--stream") { Description = "Grant the Configuration scope on this stream (repeatable).", AllowMultipleArgumentsPerToken = true };
        var alg = new Option<string>("--alg") { Description = "The signing algorithm, fixed for the app's life: HS256 (default), HS512, RS256 or RS512.", DefaultValueFactory = _ => JwtAlgorithms.Hs256 };
        var publicKey = new Option<FileInfo?>("--public-key") { Description = $"RS256/RS512: the app's RSA public key (PEM or JWK), {RsaKeys.MinBits}–{RsaKeys.MaxBits} bits." };
        var hs512 = new Option<bool>("--allow-hs512") { Description = "HS256 apps: accept HS512 tokens as well." };
        var enforceJti = new Option<bool>("--enforce-jti") { Description = "Require a jti claim and accept each jti once." };
        var enforceJwe = new Option<bool>("--enforce-jwe") { Description = "Accept only encrypted tokens (JWE: RSA-OAEP-256 + A256GCM, cty JWT); prints the encryption public key." };
        var allowJwe = new Option<bool>("--allow-jwe") { Description = "Accept encrypted tokens as well as plain signed ones; prints the encryption public key." };
        var command = new Command("create", "Create an app; prints its ids and its secret (HS apps) or encryption public key (JWE apps) as JSON, this once.")
        {
            db, account, name, streams, alg, publicKey, hs512, enforceJti, enforceJwe, allowJwe,
        };
        command.SetAction((parse, ct) => WithDatabaseAsync(parse.GetValue(db), async database =>
        {
            var algorithm = JwtAlgorithms.Parse(parse.GetValue(alg));
            if (algorithm is null)
            {
                return Fail($"--alg must be one of {string.Join(", ", JwtAlgorithms.Signing)}");
            }
            var rsa = JwtAlgorithms.IsRsa(algorithm);
            var keyFile = parse.GetValue(publicKey);
            if (rsa != (keyFile is not null))
            {
                return Fail(rsa ? $"{algorithm} apps need --public-key FILE (PEM or JWK)" : $"{algorithm} apps sign with a secret: --public-key is for RS256 and RS512");
            }
            if (parse.GetValue(enforceJwe) && parse.GetValue(allowJwe))
            {
                return Fail("--enforce-jwe (encrypted tokens only) and --allow-jwe (encrypted or not) exclude each other");
            }
            if (parse.GetValue(hs512) && algorithm != JwtAlgorithms.Hs256)
            {
                return Fail("--allow-hs512 is for HS256 apps");
            }
            string? publicKeyPem = null;
            if (keyFile is not null)
            {
                if (ReadKeyFile(keyFile, algorithm) is not { } read)
                {
                    return 1;
                }
                publicKeyPem = read;
            }
            var accountId = parse.GetValue(account)!;
            if (await database.Tenancy.FindAccountOrgAsync(accountId, ct) is null)
            {
                return Fail($"no account {accountId}");
            }
            var jwe = parse.GetValue(enforceJwe) || parse.GetValue(allowJwe);
            try
            {
                var app = await database.Tenancy.CreateAppAsync(new NewApp(accountId, parse.GetValue(name)!, rsa ? "" : Secrets.NewClientSecret(),
                    parse.GetValue(hs512), parse.GetValue(enforceJti), parse.GetValue(streams) ?? [])
                {
                    Algorithm = algorithm,
                    PublicKey = publicKeyPem,
                    JwePrivateKey = jwe ? RsaKeys.NewEncryptionKey() : null,
                    EnforceJwe = parse.GetValue(enforceJwe),
                }, ct);
                var result = new JsonObject
                {
                    ["clientId"] = app.ClientId,
                    ["appActorId"] = app.ActorId,
                    ["userId"] = app.UserId,
                    ["accountId"] = app.AccountId,
                    ["algorithm"] = app.Algorithm,
                };
                if (!rsa)
                {
                    result["clientSecret"] = app.Secret;
                }
                if (app.JwePrivateKey is not null)
                {
                    result["jwe"] = AppKeyCommands.JweKey(app);
                }
                Console.WriteLine(result.ToJsonString(Pretty));
                return 0;
            }
            catch (InvalidOperationException e)
            {
                return Fail(e.Message);
            }
        }, ct));
        return command;
    }

    /// <summary>A registered public key from a file, checked and normalised; null (after saying why on stderr) when refused.</summary>
    internal static string? ReadKeyFile(FileInfo file, string algorithm)
    {
        if (!file.Exists)
        {
            Fail($"no file {file.FullName}");
            return null;
        }
        if (file.Length > RsaKeys.MaxTextLength)
        {
            Fail($"{file.Name} is larger than {RsaKeys.MaxTextLength / 1024} KB: not a key file");
            return null;
        }
        var (pem, error) = RsaKeys.ReadPublicKey(File.ReadAllText(file.FullName), algorithm);
        if (error is not null)
        {
            Fail($"{file.Name}: {error}");
        }
        return pem;
    }

    private static Command List()
    {
        var db = CallbookCli.DbOption();
        var account = new Option<string?>("--account") { Description = "Only this account's apps." };
        var command = new Command("list", "List apps (never their secrets).") { db, account };
        command.SetAction((parse, ct) => WithDatabaseAsync(parse.GetValue(db), async database =>
        {
            foreach (var app in await database.Tenancy.ListAppsAsync(parse.GetValue(account), ct))
            {
                var limits = app.RatePerMinute is null && app.RatePerHour is null
                    ? "default limits"
                    : $"limits {app.RatePerMinute?.ToString(CultureInfo.InvariantCulture) ?? "default"}/min {app.RatePerHour?.ToString(CultureInfo.InvariantCulture) ?? "default"}/h";
                var jwe = app.EnforceJwe ? " JWE only" : app.JwePrivateKey is not null ? " JWE allowed" : "";
                Console.WriteLine($"{app.ClientId}  account {app.AccountId}  actor {app.ActorId}  {(app.IsRevoked ? "REVOKED" : "active")}  " +
                    $"{string.Join('/', app.SigningAlgorithms)}{jwe}  {limits}  {app.Name}");
            }
            return 0;
        }, ct));
        return command;
    }

    private static Command RotateSecret()
    {
        var db = CallbookCli.DbOption();
        var clientId = new Option<string>("--client-id") { Description = "The app's client id.", Required = true };
        var grace = new Option<int>("--grace-minutes") { Description = "How long the old secret still verifies tokens (0: not at all).", DefaultValueFactory = _ => 60 };
        var command = new Command("rotate-secret", "Give an HS app a new client secret (printed once); the old one keeps working for the grace period.") { db, clientId, grace };
        command.SetAction((parse, ct) => WithDatabaseAsync(parse.GetValue(db), async database =>
        {
            var id = parse.GetValue(clientId)!;
            if (await database.Auth.FindAppAsync(id, ct) is { PublicKey: not null } rsa)
            {
                return Fail($"{id} is an {rsa.Algorithm} app: it has no secret; rotate its public key with apps rotate-key");
            }
            var secret = Secrets.NewClientSecret();
            var until = DateTimeOffset.UtcNow.AddMinutes(Math.Max(0, parse.GetValue(grace)));
            if (!await database.Tenancy.RotateSecretAsync(id, secret, until, ct))
            {
                return Fail($"no app {id}");
            }
            Console.WriteLine(JsonSerializer.Serialize(new { clientId = id, clientSecret = secret, previousSecretValidUntil = until.ToString("O", CultureInfo.InvariantCulture) }, Pretty));
            return 0;
        }, ct));
        return command;
    }

    private static Command SetLimits()
    {
        var db = CallbookCli.DbOption();
        var clientId = new Option<string>("--client-id") { Description = "The app's client id.", Required = true };
        var perMinute = new Option<int?>("--per-minute") { Description = "Requests a minute per stream (absent: the service default)." };
        var perHour = new Option<int?>("--per-hour") { Description = "Requests an hour per stream (absent: the service default)." };
        var command = new Command("set-limits", "Set an app's own rate limits (per stream); they apply from the next request.") { db, clientId, perMinute, perHour };
        command.SetAction((parse, ct) => WithDatabaseAsync(parse.GetValue(db), async database =>
        {
            var (minute, hour) = (parse.GetValue(perMinute), parse.GetValue(perHour));
            if (minute is < 1 || hour is < 1)
            {
                return Fail("limits must be at least 1");
            }
            var id = parse.GetValue(clientId)!;
            return await database.Tenancy.SetRateLimitsAsync(id, minute, hour, ct) ? 0 : Fail($"no app {id}");
        }, ct));
        return command;
    }

    private static Command Grant()
    {
        var db = CallbookCli.DbOption();
        var clientId = new Option<string>("--client-id") { Description = "The app's client id.", Required = true };
        var stream = new Option<string>("--stream") { Description = "A stream of the app's account.", Required = true };
        var command = new Command("grant", "Grant an app the Configuration scope on a stream of its account.") { db, clientId, stream };
        command.SetAction((parse, ct) => WithDatabaseAsync(parse.GetValue(db), async database =>
            await database.Tenancy.GrantScopeAsync(parse.GetValue(clientId)!, parse.GetValue(stream)!, Scopes.Configuration, ct)
                ? 0
                : Fail("unknown app or stream, or they belong to different accounts"), ct));
        return command;
    }

    private static Command AppChange(string name, string description, Func<ITenancyStore, string, CancellationToken, Task<bool>> change, Func<string, string> done)
    {
        var db = CallbookCli.DbOption();
        var clientId = new Option<string>("--client-id") { Description = "The app's client id.", Required = true };
        var command = new Command(name, description) { db, clientId };
        command.SetAction((parse, ct) => WithDatabaseAsync(parse.GetValue(db), async database =>
        {
            var id = parse.GetValue(clientId)!;
            if (!await change(database.Tenancy, id, ct))
            {
                return Fail($"no app {id}");
            }
            Console.WriteLine(done(id));
            return 0;
        }, ct));
        return command;
    }
}
