namespace Callbook.Tenancy;

/// <summary>
/// Encrypts secrets before they are stored (app client secrets, webhook signing secrets) and
/// decrypts them for use, so that a copy of the database alone reveals none of them.
/// </summary>
public interface ISecretProtector
{
    string Protect(string secret);

    string Unprotect(string stored);
}
