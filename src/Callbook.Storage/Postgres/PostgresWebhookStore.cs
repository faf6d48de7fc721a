using Callbook.Storage.Webhooks;
using Callbook.Tenancy;
using Npgsql;
using NpgsqlTypes;

namespace Callbook.Storage.Postgres;

/// <summary>Webhook subscriptions and deliveries on PostgreSQL: management. The dispatcher's side is in the .Dispatch part.</summary>
internal sealed partial class PostgresWebhookStore(PostgresDatabase database) : IWebhookStore
{
    private const string SelectLiveSql =
        "SELECT " + WebhookRows.WebhookColumns + " FROM webhooks WHERE id = @id AND stream_id = @stream AND deleted_at IS NULL";

    // The tail of a PATCH or rotation: the live subscription, of @stream unless it is NULL (the CLI).
    private const string LiveByIdSql =
        " WHERE id = @id AND deleted_at IS NULL AND (@stream::text IS NULL OR stream_id = @stream) RETURNING " + WebhookRows.WebhookColumns;

    // Two statements: the stream row's lock makes creations of one stream take turns, and the
    // INSERT's own snapshot, taken once the lock is held, counts every subscription committed before.
    private const string LockStreamSql = "SELECT id FROM streams WHERE id = @stream FOR UPDATE";

    private const string InsertSql =
        "INSERT INTO webhooks (id, stream_id, url, events, secret, created_at) " +
        "SELECT @id, @stream, @url, @events, @secret, @now WHERE (SELECT count(*) FROM webhooks WHERE stream_id = @stream AND deleted_at IS NULL) < @max";

    private const string ListDeliveriesSql =
        "SELECT " + WebhookRows.DeliveryColumns + " FROM webhook_deliveries WHERE webhook_id = @id " +
        "AND (@status::text IS NULL OR status = @status) AND (@before::bigint IS NULL OR id < @before) ORDER BY id DESC LIMIT @limit";

    private const string ReplaySql =
        "UPDATE webhook_deliveries SET status = 'pending', queued_at = @now, next_attempt_at = @now, completed_at = NULL " +
        "WHERE id = @delivery AND webhook_id = @id AND EXISTS (SELECT 1 FROM webhooks w WHERE w.id = @id AND w.stream_id = @stream AND w.deleted_at IS NULL) " +
        "RETURNING " + WebhookRows.DeliveryColumns;

    public Task<WebhookSubscription?> CreateWebhookAsync(string streamId, NewWebhook webhook, int maxPerStream, CancellationToken cancellationToken) =>
        database.WriteAsync(async tx =>
        {
            var created = new WebhookSubscription(Ids.NewWebhookId(), streamId, webhook.Url, webhook.Events, webhook.ProtectedSecret,
                DateTimeOffset.FromUnixTimeMilliseconds(database.Clock.GetUtcNow().ToUnixTimeMilliseconds()));
            var lockStream = new NpgsqlBatchCommand(LockStreamSql);
            lockStream.Parameters.AddWithValue("stream", streamId);
            var insert = new NpgsqlBatchCommand(InsertSql);
            insert.Parameters.AddWithValue("id", created.Id);
            insert.Parameters.AddWithValue("stream", streamId);
            insert.Parameters.AddWithValue("url", created.Url);
            insert.Parameters.AddWithValue("events", (int)created.Events);
            insert.Parameters.AddWithValue("secret", created.ProtectedSecret);
            insert.Parameters.AddWithValue("now", created.CreatedAt.ToUnixTimeMilliseconds());
            insert.Parameters.AddWithValue("max", (long)maxPerStream);
            await using var batch = tx.Batch(lockStream, insert);
            await batch.ExecuteNonQueryAsync(cancellationToken);
            return insert.RecordsAffected == 1 ? created : null;
        }, cancellationToken);

    public async Task<IReadOnlyList<WebhookSubscription>> ListWebhooksAsync(string streamId, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand(
            "SELECT " + WebhookRows.WebhookColumns + " FROM webhooks WHERE stream_id = @stream AND deleted_at IS NULL ORDER BY created_at, id");
        command.Parameters.AddWithValue("stream", streamId);
        return await ReadWebhooksAsync(command, cancellationToken);
    }

    public async Task<WebhookSubscription?> FindWebhookAsync(string streamId, string id, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand(SelectLiveSql);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("stream", streamId);
        return (await ReadWebhooksAsync(command, cancellationToken)).FirstOrDefault();
    }

    public async Task<WebhookSubscription?> UpdateWebhookAsync(string? streamId, string id, WebhookChange change, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand("UPDATE webhooks SET " + WebhookRows.ChangeSet('@') + LiveByIdSql);
        command.Parameters.Add(new NpgsqlParameter("url", NpgsqlDbType.Text) { Value = (object?)change.Url ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("events", NpgsqlDbType.Integer) { Value = change.Events is { } events ? (int)events : DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("active", NpgsqlDbType.Integer) { Value = change.Active is { } active ? (active ? 1 : 0) : DBNull.Value });
        return await ReturnedAsync(command, streamId, id, cancellationToken);
    }

    public async Task<WebhookSubscription?> RotateSecretAsync(string? streamId, string id, string protectedSecret, DateTimeOffset previousUntil, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand("UPDATE webhooks SET " + WebhookRows.RotateSet('@') + LiveByIdSql);
        command.Parameters.AddWithValue("secret", protectedSecret);
        command.Parameters.AddWithValue("until", previousUntil.ToUnixTimeMilliseconds());
        return await ReturnedAsync(command, streamId, id, cancellationToken);
    }

    public async Task<bool> DeleteWebhookAsync(string? streamId, string id, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand(
            "UPDATE webhooks SET deleted_at = @now WHERE id = @id AND deleted_at IS NULL AND (@stream::text IS NULL OR stream_id = @stream)");
        command.Parameters.AddWithValue("id", id);
        command.Parameters.Add(new NpgsqlParameter("stream", NpgsqlDbType.Text) { Value = (object?)streamId ?? DBNull.Value });
        command.Parameters.AddWithValue("now", database.Clock.GetUtcNow().ToUnixTimeMilliseconds());
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<DeliveryPage?> ListDeliveriesAsync(string streamId, string webhookId, DeliveryQuery query, CancellationToken cancellationToken)
    {
        await using var batch = database.DataSource.CreateBatch();
        var exists = new NpgsqlBatchCommand(SelectLiveSql);
        exists.Parameters.AddWithValue("id", webhookId);
        exists.Parameters.AddWithValue("stream", streamId);
        var list = new NpgsqlBatchCommand(ListDeliveriesSql);
        list.Parameters.AddWithValue("id", webhookId);
        list.Parameters.Add(new NpgsqlParameter("status", NpgsqlDbType.Text) { Value = query.Status is { } status ? WebhookRows.StatusName(status) : DBNull.Value });
        list.Parameters.Add(new NpgsqlParameter("before", NpgsqlDbType.Bigint) { Value = (object?)query.Before ?? DBNull.Value });
        list.Parameters.AddWithValue("limit", query.Limit + 1);
        batch.BatchCommands.Add(exists);
        batch.BatchCommands.Add(list);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }
        await reader.NextResultAsync(cancellationToken);
        var deliveries = new List<WebhookDelivery>();
        while (await reader.ReadAsync(cancellationToken))
        {
            deliveries.Add(WebhookRows.ReadDelivery(reader));
        }
        var hasMore = deliveries.Count > query.Limit;
        return new DeliveryPage(hasMore ? deliveries[..query.Limit] : deliveries, hasMore);
    }

    public async Task<WebhookDelivery?> ReplayDeliveryAsync(string streamId, string webhookId, long deliveryId, CancellationToken cancellationToken)
    {
        // A delivery in flight keeps its lease: its outcome is recorded, then it is due again.
        await using var command = database.DataSource.CreateCommand(ReplaySql);
        command.Parameters.AddWithValue("delivery", deliveryId);
        command.Parameters.AddWithValue("id", webhookId);
        command.Parameters.AddWithValue("stream", streamId);
        command.Parameters.AddWithValue("now", database.Clock.GetUtcNow().ToUnixTimeMilliseconds());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? WebhookRows.ReadDelivery(reader) : null;
    }

    private static async Task<WebhookSubscription?> ReturnedAsync(NpgsqlCommand command, string? streamId, string id, CancellationToken cancellationToken)
    {
        command.Parameters.AddWithValue("id", id);
        command.Parameters.Add(new NpgsqlParameter("stream", NpgsqlDbType.Text) { Value = (object?)streamId ?? DBNull.Value });
        return (await ReadWebhooksAsync(command, cancellationToken)).FirstOrDefault();
    }

    private static async Task<List<WebhookSubscription>> ReadWebhooksAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var webhooks = new List<WebhookSubscription>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            webhooks.Add(WebhookRows.ReadWebhook(reader));
        }
        return webhooks;
    }

    private static async Task<List<WebhookDelivery>> ReadDeliveriesAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        var deliveries = new List<WebhookDelivery>();
        while (await reader.ReadAsync(cancellationToken))
        {
            deliveries.Add(WebhookRows.ReadDelivery(reader));
        }
        return deliveries;
    }
}
