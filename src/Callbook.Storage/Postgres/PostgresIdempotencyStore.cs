using Npgsql;

namespace Callbook.Storage.Postgres;

/// <summary>
/// Idempotency-Key records on PostgreSQL. A claim is one batch, run by the server as one implicit
/// transaction: expire what is too old, try to insert a pending row, and read what holds the key.
/// The primary key decides between concurrent claims: the second INSERT waits for the first
/// transaction and then inserts nothing, and the read after it (a new snapshot) sees the winner.
/// </summary>
internal sealed class PostgresIdempotencyStore(PostgresDatabase database) : IIdempotencyStore
{
    private const string Key = "client_id = @client AND stream_id = @stream AND key = @key";

    private const string ExpireSql =
        "DELETE FROM idempotency_keys WHERE " + Key + " AND (created_at < @expired OR (state = 'pending' AND created_at < @stale))";

    private const string InsertSql =
        "INSERT INTO idempotency_keys (client_id, stream_id, key, request_hash, state, created_at) " +
        "VALUES (@client, @stream, @key, @hash, 'pending', @now) ON CONFLICT DO NOTHING RETURNING 1";

    private const string SelectSql =
        "SELECT request_hash, state, status, content_type, body FROM idempotency_keys WHERE " + Key;

    private const string CompleteSql =
        "UPDATE idempotency_keys SET state = 'done', status = @status, content_type = @type, body = @body " +
        "WHERE " + Key;

    private const string ReleaseSql = "DELETE FROM idempotency_keys WHERE " + Key + " AND state = 'pending'";

    // A key found neither free nor held (released between our INSERT and SELECT) is tried again.
    private const int MaxAttempts = 5;

    public async Task<IdempotencyClaim> ClaimAsync(IdempotencyKey key, byte[] requestHash, TimeSpan retention, TimeSpan staleClaim, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var now = database.Clock.GetUtcNow().ToUnixTimeMilliseconds();
            var expire = Command(ExpireSql, key);
            expire.Parameters.AddWithValue("expired", now - (long)retention.TotalMilliseconds);
            expire.Parameters.AddWithValue("stale", now - (long)staleClaim.TotalMilliseconds);
            var insert = Command(InsertSql, key);
            insert.Parameters.AddWithValue("hash", requestHash);
            insert.Parameters.AddWithValue("now", now);
            var select = Command(SelectSql, key);
            await using var batch = database.DataSource.CreateBatch();
            batch.BatchCommands.Add(expire);
            batch.BatchCommands.Add(insert);
            batch.BatchCommands.Add(select);
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            // The DELETE returns no rows and gives the reader no result set: the INSERT's comes first.
            if (await reader.ReadAsync(cancellationToken))
            {
                return new IdempotencyClaim(ClaimState.Claimed, null, null);
            }
            await reader.NextResultAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                var hash = reader.GetFieldValue<byte[]>(0);
                if (reader.GetString(1) == "pending")
                {
                    return new IdempotencyClaim(ClaimState.InProgress, hash, null);
                }
                var answer = new IdempotentAnswer(reader.GetInt32(2), reader.GetString(3), reader.GetFieldValue<byte[]>(4));
                return new IdempotencyClaim(ClaimState.Completed, hash, answer);
            }
            if (attempt == MaxAttempts)
            {
                throw new InvalidOperationException("the idempotency key kept changing hands");
            }
        }
    }

    public async Task CompleteAsync(IdempotencyKey key, IdempotentAnswer answer, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand(CompleteSql);
        Bind(command.Parameters, key);
        command.Parameters.AddWithValue("status", answer.Status);
        command.Parameters.AddWithValue("type", answer.ContentType);
        command.Parameters.AddWithValue("body", answer.Body);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task ReleaseAsync(IdempotencyKey key, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand(ReleaseSql);
        Bind(command.Parameters, key);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static NpgsqlBatchCommand Command(string sql, IdempotencyKey key)
    {
        var command = new NpgsqlBatchCommand(sql);
        Bind(command.Parameters, key);
        return command;
    }

    private static void Bind(NpgsqlParameterCollection parameters, IdempotencyKey key)
    {
        parameters.AddWithValue("client", key.ClientId);
        parameters.AddWithValue("stream", key.StreamId);
        parameters.AddWithValue("key", key.Key);
    }
}
