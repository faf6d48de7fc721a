using System.Security.Cryptography;
using Callbook.Api.Auth;
using Callbook.Stores;
using Callbook.Tenancy;

namespace Callbook.Tests.Infrastructure;

/// <summary>How an app proves its tokens: the kinds the vendor offers.</summary>
public enum AppKind { Hs256, Hs512, Rs256, Rs512, JweHs256, JweRs256 }

/// <summary>An app of one kind and what its client holds: the secret, or the RSA private key of an RS app.</summary>
public sealed record TestApp(App App, RSA? PrivateKey)
{
    public string ClientId => App.ClientId;

    /// <summary>The public key clients encrypt to (apps that take JWE tokens).</summary>
    public string JwePublicKey => RsaKeys.PublicPemOf(App.JwePrivateKey!);

    /// <summary>A well-formed token of this app's own kind, made with the libraries a client would use.</summary>
    public string Token(string? jti = null, int lifetimeMinutes = 10)
    {
        var lifetime = TimeSpan.FromMinutes(lifetimeMinutes);
        var signed = PrivateKey is null
            ? Tokens.Issue(ClientId, App.Secret, lifetime, DateTimeOffset.UtcNow, App.Algorithm == JwtAlgorithms.Hs512, jti)
            : Tokens.IssueRsa(ClientId, PrivateKey, App.Algorithm, lifetime, DateTimeOffset.UtcNow, jti);
        return App.JwePrivateKey is null ? signed : EncryptedTokens.Encrypt(signed, ClientId, JwePublicKey);
    }

    /// <summary>Signs <paramref name="payloadJson"/> with this app's key and algorithm (hand-made, so any claims go), unencrypted.</summary>
    public string Signed(string payloadJson) => PrivateKey is null
        ? TestTokens.Hmac(payloadJson, App.Secret, App.Algorithm)
        : TestTokens.Rsa(payloadJson, PrivateKey, App.Algorithm);
}

public static class AppKinds
{
    public static readonly AppKind[] All = Enum.GetValues<AppKind>();

    /// <summary>Creates an app of <paramref name="kind"/> in the account, granted Configuration on <paramref name="streamId"/>.</summary>
    public static async Task<TestApp> CreateAsync(CallbookFactory factory, string accountId, string streamId, AppKind kind,
        bool enforceJti = false, bool allowJwe = false, bool registerAsJwk = false)
    {
        var algorithm = kind switch
        {
            AppKind.Hs512 => JwtAlgorithms.Hs512,
            AppKind.Rs256 or AppKind.JweRs256 => JwtAlgorithms.Rs256,
            AppKind.Rs512 => JwtAlgorithms.Rs512,
            _ => JwtAlgorithms.Hs256,
        };
        var rsa = JwtAlgorithms.IsRsa(algorithm) ? RSA.Create(2048) : null;
        string? publicKey = null;
        if (rsa is not null)
        {
            var text = registerAsJwk ? RsaKeys.PublicJwkOf(rsa.ExportSubjectPublicKeyInfoPem(), "client", "sig", algorithm).ToJsonString() : rsa.ExportSubjectPublicKeyInfoPem();
            var (pem, error) = RsaKeys.ReadPublicKey(text, algorithm);
            Assert.Null(error);
            publicKey = pem;
        }
        var jwe = kind is AppKind.JweHs256 or AppKind.JweRs256 || allowJwe;
        var app = await factory.Database.Tenancy.CreateAppAsync(new NewApp(accountId, kind.ToString(), rsa is null ? Secrets.NewClientSecret() : "", false, enforceJti, [streamId])
        {
            Algorithm = algorithm,
            PublicKey = publicKey,
            JwePrivateKey = jwe ? RsaKeys.NewEncryptionKey() : null,
            EnforceJwe = jwe && !allowJwe,
        }, TestContext.Current.CancellationToken);
        return new TestApp(app, rsa);
    }
}
