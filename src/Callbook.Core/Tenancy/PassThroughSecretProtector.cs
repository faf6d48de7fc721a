namespace Callbook.Tenancy;

/// <summary>Stores secrets as they are: the stand-in until an encrypting <see cref="ISecretProtector"/> is configured.</summary>
public sealed class PassThroughSecretProtector : ISecretProtector
{
    public string Protect(string secret) => secret;

    public string Unprotect(string stored) => stored;
}
