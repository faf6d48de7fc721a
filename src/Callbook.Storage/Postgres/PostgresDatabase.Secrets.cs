using System.Security.Cryptography;

namespace Callbook.Storage.Postgres;

/// <summary>Installation secrets: the first node to ask creates one, every node reads the same.</summary>
public sealed partial class PostgresDatabase
{
    private const int SecretBytes = 32;

    // One batch: the INSERT of a concurrent node's uncommitted row waits for it and inserts
    // nothing, and the SELECT (a new snapshot) then reads the value that won.
    private const string InsertSecretSql = "INSERT INTO server_secrets (name, value) VALUES (@name, @value) ON CONFLICT DO NOTHING";

    private const string SelectSecretSql = "SELECT value FROM server_secrets WHERE name = @name";

    public async Task<byte[]> GetOrCreateSecretAsync(string name, CancellationToken cancellationToken)
    {
        await using var batch = DataSource.CreateBatch();
        var insert = batch.CreateBatchCommand();
        insert.CommandText = InsertSecretSql;
        insert.Parameters.AddWithValue("name", name);
        insert.Parameters.AddWithValue("value", RandomNumberGenerator.GetBytes(SecretBytes));
        batch.BatchCommands.Add(insert);
        var select = batch.CreateBatchCommand();
        select.CommandText = SelectSecretSql;
        select.Parameters.AddWithValue("name", name);
        batch.BatchCommands.Add(select);
        return (byte[])(await batch.ExecuteScalarAsync(cancellationToken))!;
    }
}
