using Callbook.Storage.Postgres.Internal;
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

    // Contacts of the stream erased since the claim began (less the clock skew between nodes).
    private const string ErasedSinceClaimSql =
        "SELECT e.id FROM erased_contacts e JOIN idempotency_keys k ON e.stream_id = k.stream_id " +
        "WHERE k.client_id = @client AND k.stream_id = @stream AND k.key = @key AND e.erased_at >= k.created_at - @skew";

    // The stream's erasure lock, shared: completions never wait for each other, an erasure waits for
    // them and they for it. Each later statement reads a fresh snapshot (READ COMMITTED), so a
    // tombstone committed before the lock was granted is seen here; one committed after it finds
    // this answer stored and replaces it.
    public Task CompleteAsync(IdempotencyKey key, IdempotentAnswer answer, Func<string, IdempotentAnswer> erasedAnswer, CancellationToken cancellationToken) =>
        database.WriteAsync(async tx =>
        {
            await ErasureLock.TakeAsync(tx, key.StreamId, shared: true, cancellationToken);
            var erased = new List<string>();
            await using (var find = tx.Command(ErasedSinceClaimSql))
            {
                Bind(find.Parameters, key);
                find.Parameters.AddWithValue("skew", (long)IdempotentAnswer.ClockSkew.TotalMilliseconds);
                await using var reader = await find.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    erased.Add(reader.GetString(0));
                }
            }
            var kept = answer.NamedAmong(erased) is { } id ? erasedAnswer(id) : answer;
            await using var command = tx.Command(CompleteSql);
            Bind(command.Parameters, key);
            command.Parameters.AddWithValue("status", kept.Status);
            command.Parameters.AddWithValue("type", kept.ContentType);
            command.Parameters.AddWithValue("body", kept.Body);
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);

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
