using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Callbook.Tenancy;

namespace Callbook.Tests.Auth;

/// <summary>Which public keys an RS256/RS512 app may register (RsaKeys.ReadPublicKey), in every accepted form.</summary>
public sealed class RsaKeyTests
{
    private static readonly RSA Key = RSA.Create(2048);

    [Fact]
    public void PemPkcs1JwkAndCertificateFormsAllReadAsTheSameKey()
    {
        var expected = Key.ExportSubjectPublicKeyInfoPem();
        using var certificate = new CertificateRequest("CN=client", Key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        foreach (var text in new[]
        {
            expected,
            "\n  " + expected + "\n\n",
            Key.ExportRSAPublicKeyPem(),
            RsaKeys.PublicJwkOf(expected, "k1", "sig", "RS256").ToJsonString(),
            $$"""{"kty":"RSA","n":"{{Jwk()["n"]}}","e":"{{Jwk()["e"]}}"}""",
            certificate.ExportCertificatePem(),
        })
        {
            var (pem, error) = RsaKeys.ReadPublicKey(text, JwtAlgorithms.Rs256);
            Assert.Null(error);
            Assert.Equal(expected, pem);
        }
    }

    [Fact]
    public void SmallPrivateForeignAndGarbageKeysAreRefusedWithAReason()
    {
        using var small = RSA.Create(1024);
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var refused = new Dictionary<string, string>
        {
            ["1024-bit PEM"] = small.ExportSubjectPublicKeyInfoPem(),
            ["1024-bit JWK"] = RsaKeys.PublicJwkOf(small.ExportSubjectPublicKeyInfoPem(), "k", "sig", "RS256").ToJsonString(),
            ["private PKCS#8"] = Key.ExportPkcs8PrivateKeyPem(),
            ["private PKCS#1"] = Key.ExportRSAPrivateKeyPem(),
            ["private JWK"] = $$"""{"kty":"RSA","n":"{{Jwk()["n"]}}","e":"AQAB","d":"AQAB"}""",
            ["JWK for RS512"] = RsaKeys.PublicJwkOf(Key.ExportSubjectPublicKeyInfoPem(), "k", "sig", "RS512").ToJsonString(),
            ["JWK for encryption"] = RsaKeys.PublicJwkOf(Key.ExportSubjectPublicKeyInfoPem(), "k", "enc", "RS256").ToJsonString(),
            ["EC key"] = ec.ExportSubjectPublicKeyInfoPem(),
            ["EC JWK"] = """{"kty":"EC","crv":"P-256","x":"AQAB","y":"AQAB"}""",
            ["JWK without n"] = """{"kty":"RSA","e":"AQAB"}""",
            ["broken JSON"] = """{"kty":"RSA",""",
            ["broken PEM body"] = "-----BEGIN PUBLIC KEY-----\nnot base64 at all\n-----END PUBLIC KEY-----",
            ["plain text"] = "hello",
            ["empty"] = "",
            ["too long"] = new string('A', RsaKeys.MaxTextLength + 1),
        };
        foreach (var (name, text) in refused)
        {
            var (pem, error) = RsaKeys.ReadPublicKey(text, JwtAlgorithms.Rs256);
            Assert.True(pem is null, name);
            Assert.False(string.IsNullOrWhiteSpace(error), name);
        }
        Assert.Contains("1024 bits", RsaKeys.ReadPublicKey(small.ExportSubjectPublicKeyInfoPem(), JwtAlgorithms.Rs256).Error, StringComparison.Ordinal);
        Assert.Contains("private key", RsaKeys.ReadPublicKey(Key.ExportPkcs8PrivateKeyPem(), JwtAlgorithms.Rs256).Error, StringComparison.Ordinal);
    }

    [Fact]
    public void TheEncryptionKeyPairIsFreshAndItsJwkNamesTheApp()
    {
        var first = RsaKeys.NewEncryptionKey();
        Assert.NotEqual(first, RsaKeys.NewEncryptionKey());
        var jwk = RsaKeys.PublicJwkOf(RsaKeys.PublicPemOf(first), "cs-1", "enc", JwtAlgorithms.KeyEncryption);
        Assert.Equal(["kty", "kid", "use", "alg", "n", "e"], jwk.Select(p => p.Key));
        Assert.Equal("RSA-OAEP-256", jwk["alg"]!.GetValue<string>());
        Assert.Equal(RsaKeys.EncryptionKeyBits, System.Buffers.Text.Base64Url.DecodeFromChars(jwk["n"]!.GetValue<string>()).Length * 8);
    }

    private static System.Text.Json.Nodes.JsonObject Jwk() => RsaKeys.PublicJwkOf(Key.ExportSubjectPublicKeyInfoPem(), "k", "sig", "RS256");
}
