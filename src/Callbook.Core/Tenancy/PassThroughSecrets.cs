namespace Callbook.Tenancy;

/// <summary>Stores secrets as they are: for tests and tools that open a database without the key ring.</summary>
public sealed class PassThroughSecrets : ISecretProtector
{
    public static readonly PassThroughSecrets Instance = new();

    public string Protect(string secret) => secret;

    public string Unprotect(string stored) => stored;
}
