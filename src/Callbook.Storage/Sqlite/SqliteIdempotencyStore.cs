using Callbook.Storage.Sqlite.Internal;

namespace Callbook.Storage.Sqlite;

/// <summary>Idempotency keys on SQLite. Claims go through the single writer, so two claims of one key cannot both win.</summary>
internal sealed class SqliteIdempotencyStore(SqliteDatabase database) : IIdempotencyStore
{
    private const string Where = "client_id = $client AND stream_id = $stream AND key = $key";

    public Task<IdempotencyClaim> ClaimAsync(IdempotencyKey key, byte[] requestHash, TimeSpan retention, TimeSpan staleClaim, CancellationToken cancellationToken) =>
        database.WriteAsync(async tx =>
        {
            var now = database.Clock.GetUtcNow().ToUnixTimeMilliseconds();
            await using (var expire = Command(tx, "DELETE FROM idempotency_keys WHERE " + Where +
                " AND (created_at < $expired OR (state = 'pending' AND created_at < $stale))", key))
            {
                expire.Parameters.AddWithValue("$expired", now - (long)retention.TotalMilliseconds);
                expire.Parameters.AddWithValue("$stale", now - (long)staleClaim.TotalMilliseconds);
                await expire.ExecuteNonQueryAsync(cancellationToken);
            }
            await using (var read = Command(tx, "SELECT request_hash, state, status, content_type, body FROM idempotency_keys WHERE " + Where, key))
            await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
            {
                if (await reader.ReadAsync(cancellationToken))
                {
                    var hash = (byte[])reader.GetValue(0);
                    return reader.GetString(1) == "done"
                        ? new IdempotencyClaim(ClaimState.Completed, hash, new IdempotentAnswer(reader.GetInt32(2), reader.GetString(3), (byte[])reader.GetValue(4)))
                        : new IdempotencyClaim(ClaimState.InProgress, hash, null);
                }
            }
            await using var insert = Command(tx, "INSERT INTO idempotency_keys (client_id, stream_id, key, request_hash, state, created_at) VALUES ($client, $stream, $key, $hash, 'pending', $now)", key);
            insert.Parameters.AddWithValue("$hash", requestHash);
            insert.Parameters.AddWithValue("$now", now);
            await insert.ExecuteNonQueryAsync(cancellationToken);
            return new IdempotencyClaim(ClaimState.Claimed, null, null);
        }, cancellationToken);

    // Contacts of the stream erased since the claim began (less the clock skew between nodes).
    private const string ErasedSinceClaimSql =
        "SELECT e.id FROM erased_contacts e JOIN idempotency_keys k ON e.stream_id = k.stream_id " +
        "WHERE k.client_id = $client AND k.stream_id = $stream AND k.key = $key AND e.erased_at >= k.created_at - $skew";

    // The single writer orders this after or before any erasure: after, the tombstone is seen here;
    // before, the erasure finds the answer stored and replaces it.
    public Task CompleteAsync(IdempotencyKey key, IdempotentAnswer answer, Func<string, IdempotentAnswer> erasedAnswer, CancellationToken cancellationToken) =>
        database.WriteAsync(async tx =>
        {
            var erased = new List<string>();
            await using (var find = Command(tx, ErasedSinceClaimSql, key))
            {
                find.Parameters.AddWithValue("$skew", (long)IdempotentAnswer.ClockSkew.TotalMilliseconds);
                await using var reader = await find.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    erased.Add(reader.GetString(0));
                }
            }
            var kept = answer.NamedAmong(erased) is { } id ? erasedAnswer(id) : answer;
            await using var update = Command(tx, "UPDATE idempotency_keys SET state = 'done', status = $status, content_type = $type, body = $body WHERE " + Where, key);
            update.Parameters.AddWithValue("$status", kept.Status);
            update.Parameters.AddWithValue("$type", kept.ContentType);
            update.Parameters.AddWithValue("$body", kept.Body);
            return await update.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);

    public Task ReleaseAsync(IdempotencyKey key, CancellationToken cancellationToken) =>
        database.WriteAsync(async tx =>
        {
            await using var delete = Command(tx, "DELETE FROM idempotency_keys WHERE " + Where + " AND state = 'pending'", key);
            return await delete.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);

    private static Microsoft.Data.Sqlite.SqliteCommand Command(WriteTransaction tx, string sql, IdempotencyKey key)
    {
        var command = tx.Command(sql);
        command.Parameters.AddWithValue("$client", key.ClientId);
        command.Parameters.AddWithValue("$stream", key.StreamId);
        command.Parameters.AddWithValue("$key", key.Key);
        return command;
    }
}
