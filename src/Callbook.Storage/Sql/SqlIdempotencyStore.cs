namespace Callbook.Storage.Sql;

/// <summary>
/// Idempotency-Key records, on either backend. A claim is one write transaction: expire what is too
/// old, try to insert a pending row, and read what holds the key. The primary key decides between
/// concurrent claims: on PostgreSQL the second INSERT waits for the first transaction and then
/// inserts nothing, and the read after it (a new snapshot under READ COMMITTED) sees the winner; on
/// SQLite the single writer runs the claims one after the other.
/// </summary>
internal sealed class SqlIdempotencyStore(SqlDialect dialect) : IIdempotencyStore
{
    private const string Key = "client_id = @client AND stream_id = @stream AND key = @key";

    // A key found neither free nor held (released between our INSERT and SELECT) is tried again.
    private const int MaxAttempts = 5;

    public Task<IdempotencyClaim> ClaimAsync(IdempotencyKey key, byte[] requestHash, TimeSpan retention, TimeSpan staleClaim, CancellationToken cancellationToken) =>
        dialect.WriteAsync(async session =>
        {
            for (var attempt = 1; ; attempt++)
            {
                var now = dialect.Now;
                await session.ExecuteAsync("DELETE FROM idempotency_keys WHERE " + Key + " AND (created_at < @expired OR (state = 'pending' AND created_at < @stale))",
                    cancellationToken, [.. Bind(key), Arg.Long("expired", now - (long)retention.TotalMilliseconds), Arg.Long("stale", now - (long)staleClaim.TotalMilliseconds)]);
                if (await session.ExecuteAsync(
                        "INSERT INTO idempotency_keys (client_id, stream_id, key, request_hash, state, created_at) " +
                        "VALUES (@client, @stream, @key, @hash, 'pending', @now) ON CONFLICT DO NOTHING",
                        cancellationToken, [.. Bind(key), Arg.Bytes("hash", requestHash), Arg.Long("now", now)]) == 1)
                {
                    return new IdempotencyClaim(ClaimState.Claimed, null, null);
                }
                var held = await session.FirstAsync("SELECT request_hash, state, status, content_type, body FROM idempotency_keys WHERE " + Key, r =>
                {
                    var hash = r.GetFieldValue<byte[]>(0);
                    return r.GetString(1) == "pending"
                        ? new IdempotencyClaim(ClaimState.InProgress, hash, null)
                        : new IdempotencyClaim(ClaimState.Completed, hash, new IdempotentAnswer(r.GetInt32(2), r.GetString(3), r.GetFieldValue<byte[]>(4)));
                }, cancellationToken, Bind(key));
                if (held is not null)
                {
                    return held;
                }
                if (attempt == MaxAttempts)
                {
                    throw new InvalidOperationException("the idempotency key kept changing hands");
                }
            }
        }, cancellationToken);

    public Task CompleteAsync(IdempotencyKey key, IdempotentAnswer answer, CancellationToken cancellationToken) =>
        dialect.WriteAsync(session => session.ExecuteAsync("UPDATE idempotency_keys SET state = 'done', status = @status, content_type = @type, body = @body WHERE " + Key,
            cancellationToken, [.. Bind(key), Arg.Int("status", answer.Status), Arg.Text("type", answer.ContentType), Arg.Bytes("body", answer.Body)]), cancellationToken);

    public Task ReleaseAsync(IdempotencyKey key, CancellationToken cancellationToken) =>
        dialect.WriteAsync(session => session.ExecuteAsync("DELETE FROM idempotency_keys WHERE " + Key + " AND state = 'pending'", cancellationToken, Bind(key)), cancellationToken);

    private static Arg[] Bind(IdempotencyKey key) => [Arg.Text("client", key.ClientId), Arg.Text("stream", key.StreamId), Arg.Text("key", key.Key)];
}
