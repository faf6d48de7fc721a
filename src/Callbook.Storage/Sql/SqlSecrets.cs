using System.Security.Cryptography;
using Callbook.Stores;

namespace Callbook.Storage.Sql;

/// <summary>Installation secrets (<see cref="ICallbookDatabase.GetOrCreateSecretAsync"/>): the first node to ask creates one, every node reads the same.</summary>
internal static class SqlSecrets
{
    private const int SecretBytes = 32;

    /// <summary>A concurrent node's uncommitted INSERT makes ours wait and insert nothing; the SELECT after it reads the value that won.</summary>
    public static Task<byte[]> GetOrCreateAsync(SqlDialect dialect, string name, CancellationToken cancellationToken) =>
        dialect.WriteAsync(async session =>
        {
            await session.ExecuteAsync("INSERT INTO server_secrets (name, value) VALUES (@name, @value) ON CONFLICT DO NOTHING", cancellationToken,
                Arg.Text("name", name), Arg.Bytes("value", RandomNumberGenerator.GetBytes(SecretBytes)));
            return (byte[])(await session.ScalarAsync("SELECT value FROM server_secrets WHERE name = @name", cancellationToken, Arg.Text("name", name)))!;
        }, cancellationToken);
}
