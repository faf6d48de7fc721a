using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Callbook.Tenancy;
using static Callbook.Cli.AdminCommands;

namespace Callbook.Cli;

/// <summary><c>callbook apps rotate-key</c> (RS apps) and <c>apps show-jwe-key</c> (apps that take JWE tokens).</summary>
internal static class AppKeyCommands
{
    // Relaxed escaping: a PEM's "+" and "/" stay readable.
    private static readonly JsonSerializerOptions Pretty = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>What a client needs to encrypt tokens for the app: the key id, the algorithms, the public key as PEM and as a JWK.</summary>
    public static JsonObject JweKey(App app)
    {
        var pem = RsaKeys.PublicPemOf(app.JwePrivateKey!);
        return new JsonObject
        {
            ["kid"] = app.ClientId,
            ["alg"] = JwtAlgorithms.KeyEncryption,
            ["enc"] = JwtAlgorithms.ContentEncryption,
            ["cty"] = JwtAlgorithms.NestedContentType,
            ["enforced"] = app.EnforceJwe,
            ["publicKeyPem"] = pem,
            ["publicJwk"] = RsaKeys.PublicJwkOf(pem, app.ClientId, "enc", JwtAlgorithms.KeyEncryption),
        };
    }

    public static Command RotateKey()
    {
        var db = CallbookCli.DbOption();
        var clientId = new Option<string>("--client-id") { Description = "The RS app's client id.", Required = true };
        var publicKey = new Option<FileInfo>("--public-key") { Description = "The new RSA public key (PEM or JWK).", Required = true };
        var grace = new Option<int>("--grace-minutes") { Description = "How long the old key still verifies tokens (0: not at all).", DefaultValueFactory = _ => 60 };
        var command = new Command("rotate-key", "Register a new public key for an RS256/RS512 app; the old one keeps working for the grace period.") { db, clientId, publicKey, grace };
        command.SetAction((parse, ct) => WithDatabaseAsync(parse.GetValue(db), async database =>
        {
            var id = parse.GetValue(clientId)!;
            var app = await database.Auth.FindAppAsync(id, ct);
            if (app is null)
            {
                return Fail($"no app {id}");
            }
            if (app.PublicKey is null)
            {
                return Fail($"{id} is an {app.Algorithm} app: it has no public key; rotate its secret with apps rotate-secret");
            }
            if (AppCommands.ReadKeyFile(parse.GetValue(publicKey)!, app.Algorithm) is not { } pem)
            {
                return 1;
            }
            var until = DateTimeOffset.UtcNow.AddMinutes(Math.Max(0, parse.GetValue(grace)));
            if (!await database.Tenancy.RotatePublicKeyAsync(id, pem, until, ct))
            {
                return Fail($"no app {id}");
            }
            Console.WriteLine(JsonSerializer.Serialize(new { clientId = id, algorithm = app.Algorithm, previousKeyValidUntil = until.ToString("O", CultureInfo.InvariantCulture) }, Pretty));
            return 0;
        }, ct));
        return command;
    }

    public static Command ShowJweKey()
    {
        var db = CallbookCli.DbOption();
        var clientId = new Option<string>("--client-id") { Description = "The app's client id.", Required = true };
        var format = new Option<string>("--format") { Description = "json (default: kid, algorithms, PEM and JWK), pem or jwk (the bare key, for a file).", DefaultValueFactory = _ => "json" };
        format.AcceptOnlyFromAmong("json", "pem", "jwk");
        var command = new Command("show-jwe-key", "Print the public key clients encrypt this app's tokens to (JWE apps).") { db, clientId, format };
        command.SetAction((parse, ct) => WithDatabaseAsync(parse.GetValue(db), async database =>
        {
            var id = parse.GetValue(clientId)!;
            var app = await database.Auth.FindAppAsync(id, ct);
            if (app?.JwePrivateKey is null)
            {
                return Fail(app is null ? $"no app {id}" : $"{id} takes no encrypted tokens (apps are created with --enforce-jwe or --allow-jwe)");
            }
            var key = JweKey(app);
            Console.WriteLine(parse.GetValue(format) switch
            {
                "pem" => key["publicKeyPem"]!.GetValue<string>().TrimEnd(),
                "jwk" => key["publicJwk"]!.ToJsonString(Pretty),
                _ => key.ToJsonString(Pretty),
            });
            return 0;
        }, ct));
        return command;
    }
}
