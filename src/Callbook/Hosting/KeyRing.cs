using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Logging.Abstractions;

namespace Callbook.Hosting;

/// <summary>
/// The Data Protection key ring that encrypts app and webhook secrets at rest: the folder of
/// <see cref="DatabaseLocation.KeysPath"/>, created readable by its owner only (0700), and, when
/// <c>Callbook:KeysCertificate</c> names a PKCS#12 file, its keys encrypted with that certificate
/// (Data Protection's ProtectKeysWithCertificate; the password comes from
/// <c>Callbook:KeysCertificatePassword</c>). Every node must see the same folder and certificate.
/// </summary>
public static class KeyRing
{
    /// <summary>Registers Data Protection on the configured folder and, if set, certificate (read now: a bad one fails at start).</summary>
    public static IServiceCollection AddCallbookKeyRing(this IServiceCollection services, IConfiguration configuration)
    {
        var keyRing = services.AddDataProtection().SetApplicationName("Callbook");
        if (Certificate(configuration) is { } certificate)
        {
            // Encrypts new keys, and lets this process decrypt them without a certificate store.
            keyRing.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
        }
        services.AddOptions<KeyManagementOptions>().Configure<DatabaseLocation>((options, location) =>
            options.XmlRepository = new FileSystemXmlRepository(OwnerOnlyFolder(location.KeysPath), NullLoggerFactory.Instance));
        return services;
    }

    private static DirectoryInfo OwnerOnlyFolder(string path)
    {
        if (!Directory.Exists(path) && !OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        return new DirectoryInfo(path);
    }

    private static X509Certificate2? Certificate(IConfiguration configuration)
    {
        var path = configuration["Callbook:KeysCertificate"];
        if (string.IsNullOrWhiteSpace(path))
        {
            return null;
        }
        if (!File.Exists(path))
        {
            throw new ArgumentException($"Callbook:KeysCertificate names no file: {Path.GetFullPath(path)}");
        }
        var loaded = X509CertificateLoader.LoadPkcs12FromFile(path, configuration["Callbook:KeysCertificatePassword"]);
        return loaded.HasPrivateKey ? loaded : throw new ArgumentException($"Callbook:KeysCertificate {Path.GetFullPath(path)} has no private key: the key ring could not be read back");
    }
}
