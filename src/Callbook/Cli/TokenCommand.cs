using System.CommandLine;
using System.Security.Cryptography;
using Callbook.Api.Auth;
using Callbook.Tenancy;
using static Callbook.Cli.AdminCommands;

namespace Callbook.Cli;

/// <summary><c>callbook token</c>: a token of any app kind, made as a client would make it (for trying the API and for tests).</summary>
internal static class TokenCommand
{
    public static Command Build()
    {
        var db = CallbookCli.DbOption();
        var clientId = new Option<string>("--client-id") { Description = "The app's client id (cs-…).", Required = true };
        var secret = new Option<string?>("--secret") { Description = "HS apps: the client secret; read from the database when absent." };
        var privateKey = new Option<FileInfo?>("--private-key") { Description = "RS256/RS512 apps: the app's RSA private key (PEM) to sign with." };
        var encrypt = new Option<bool>("--encrypt") { Description = "Encrypt the signed token to the app's JWE key (RSA-OAEP-256 + A256GCM, cty JWT)." };
        var minutes = new Option<int>("--expires-in") { Description = "Lifetime in minutes.", DefaultValueFactory = _ => 60 };
        var hs512 = new Option<bool>("--hs512") { Description = "HS apps: sign with HS512 instead of HS256." };
        var jti = new Option<bool>("--jti") { Description = "Add a random jti claim (needed by apps that enforce jti)." };
        var command = new Command("token", "Print a token for an app: signed with its secret or private key, encrypted with --encrypt.")
        {
            db, clientId, secret, privateKey, encrypt, minutes, hs512, jti,
        };
        command.SetAction(async (parse, ct) =>
        {
            var id = parse.GetValue(clientId)!;
            var key = parse.GetValue(secret);
            var keyFile = parse.GetValue(privateKey);
            App? app = null;
            // With --secret alone (an HS token) no database is needed.
            if (key is null || keyFile is not null || parse.GetValue(encrypt))
            {
                app = await WithDatabaseAsync(parse.GetValue(db), database => database.Auth.FindAppAsync(id, ct), ct);
                if (app is null)
                {
                    return Fail($"no app {id} in this database");
                }
            }
            var lifetime = TimeSpan.FromMinutes(parse.GetValue(minutes));
            var tokenId = parse.GetValue(jti) ? Guid.NewGuid().ToString("N") : null;
            string token;
            if (app is not null && JwtAlgorithms.IsRsa(app.Algorithm))
            {
                if (keyFile is null)
                {
                    return Fail($"{id} is an {app.Algorithm} app: sign with its private key (--private-key FILE)");
                }
                using var rsa = ReadPrivateKey(keyFile);
                if (rsa is null)
                {
                    return 1;
                }
                token = Tokens.IssueRsa(id, rsa, app.Algorithm, lifetime, DateTimeOffset.UtcNow, tokenId);
            }
            else
            {
                if (keyFile is not null)
                {
                    return Fail($"{id} is an HS app: it signs with its secret, not a private key");
                }
                token = Tokens.Issue(id, key ?? app!.Secret, lifetime, DateTimeOffset.UtcNow, parse.GetValue(hs512) || app?.Algorithm == JwtAlgorithms.Hs512, tokenId);
            }
            if (parse.GetValue(encrypt))
            {
                if (app!.JwePrivateKey is null)
                {
                    return Fail($"{id} takes no encrypted tokens (apps are created with --enforce-jwe or --allow-jwe)");
                }
                token = EncryptedTokens.Encrypt(token, id, RsaKeys.PublicPemOf(app.JwePrivateKey));
            }
            Console.WriteLine(token);
            return 0;
        });
        return command;
    }

    private static RSA? ReadPrivateKey(FileInfo file)
    {
        if (!file.Exists || file.Length > RsaKeys.MaxTextLength)
        {
            Fail($"no key file {file.FullName}");
            return null;
        }
        var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(File.ReadAllText(file.FullName));
            return rsa;
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            rsa.Dispose();
            Fail($"{file.Name} is not an RSA private key in PEM (BEGIN PRIVATE KEY or BEGIN RSA PRIVATE KEY)");
            return null;
        }
    }
}
