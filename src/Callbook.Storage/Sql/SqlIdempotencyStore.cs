using Callbook.Stores;

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

    // Contacts of the stream erased since the claim began (less the clock skew between nodes).
    private const string ErasedSinceClaimSql =
        "SELECT e.id FROM erased_contacts e JOIN idempotency_keys k ON e.stream_id = k.stream_id " +
        "WHERE k.client_id = @client AND k.stream_id = @stream AND k.key = @key AND e.erased_at >= k.created_at - @skew";

    // The stream's erasure lock, shared (PostgreSQL; SQLite's single writer orders the two anyway):
    // completions never wait for each other, an erasure waits for them and they for it. Each later
    // statement reads a fresh snapshot (READ COMMITTED), so a tombstone committed before the lock was
    // granted is seen here; an erasure committed after it finds this answer stored and replaces it.
    public Task CompleteAsync(IdempotencyKey key, IdempotentAnswer answer, Func<string, IdempotentAnswer> erasedAnswer, CancellationToken cancellationToken) =>
        dialect.WriteAsync(async session =>
        {
            await dialect.ShareErasureLockAsync(session, key.StreamId, cancellationToken);
            var erased = await session.ListAsync(ErasedSinceClaimSql, r => r.GetString(0), cancellationToken,
                [.. Bind(key), Arg.Long("skew", (long)IdempotentAnswer.ClockSkew.TotalMilliseconds)]);
            var kept = answer.NamedAmong(erased) is { } id ? erasedAnswer(id) : answer;
            return await session.ExecuteAsync("UPDATE idempotency_keys SET state = 'done', status = @status, content_type = @type, body = @body WHERE " + Key,
                cancellationToken, [.. Bind(key), Arg.Int("status", kept.Status), Arg.Text("type", kept.ContentType), Arg.Bytes("body", kept.Body)]);
        }, cancellationToken);

    public Task ReleaseAsync(IdempotencyKey key, CancellationToken cancellationToken) =>
        dialect.WriteAsync(session => session.ExecuteAsync("DELETE FROM idempotency_keys WHERE " + Key + " AND state = 'pending'", cancellationToken, Bind(key)), cancellationToken);

    private static Arg[] Bind(IdempotencyKey key) => [Arg.Text("client", key.ClientId), Arg.Text("stream", key.StreamId), Arg.Text("key", key.Key)];
}
