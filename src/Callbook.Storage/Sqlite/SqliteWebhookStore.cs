using Callbook.Storage.Webhooks;
using Callbook.Tenancy;
using Microsoft.Data.Sqlite;

namespace Callbook.Storage.Sqlite;

/// <summary>Webhook subscriptions and deliveries on SQLite: management. The dispatcher's side is in the .Dispatch part.</summary>
internal sealed partial class SqliteWebhookStore(SqliteDatabase database) : IWebhookStore
{
    private const string SelectLiveSql =
        "SELECT " + WebhookRows.WebhookColumns + " FROM webhooks WHERE id = $id AND stream_id = $stream AND deleted_at IS NULL";

    // The tail of a PATCH or rotation: the live subscription, of $stream unless it is NULL (the CLI).
    private const string LiveByIdSql =
        " WHERE id = $id AND deleted_at IS NULL AND ($stream IS NULL OR stream_id = $stream) RETURNING " + WebhookRows.WebhookColumns;

    public Task<WebhookSubscription?> CreateWebhookAsync(string streamId, NewWebhook webhook, int maxPerStream, CancellationToken cancellationToken) =>
        database.WriteAsync<WebhookSubscription?>(async tx =>
        {
            await using (var count = tx.Command("SELECT count(*) FROM webhooks WHERE stream_id = $stream AND deleted_at IS NULL"))
            {
                count.Parameters.AddWithValue("$stream", streamId);
                if ((long)(await count.ExecuteScalarAsync(cancellationToken))! >= maxPerStream)
                {
                    return null;
                }
            }
            var created = new WebhookSubscription(Ids.NewWebhookId(), streamId, webhook.Url, webhook.Events, webhook.ProtectedSecret,
                DateTimeOffset.FromUnixTimeMilliseconds(database.Clock.GetUtcNow().ToUnixTimeMilliseconds()));
            await using var insert = tx.Command(
                "INSERT INTO webhooks (id, stream_id, url, events, secret, created_at) VALUES ($id, $stream, $url, $events, $secret, $now)");
            insert.Parameters.AddWithValue("$id", created.Id);
            insert.Parameters.AddWithValue("$stream", streamId);
            insert.Parameters.AddWithValue("$url", created.Url);
            insert.Parameters.AddWithValue("$events", (int)created.Events);
            insert.Parameters.AddWithValue("$secret", created.ProtectedSecret);
            insert.Parameters.AddWithValue("$now", created.CreatedAt.ToUnixTimeMilliseconds());
            await insert.ExecuteNonQueryAsync(cancellationToken);
            return created;
        }, cancellationToken);

    public async Task<IReadOnlyList<WebhookSubscription>> ListWebhooksAsync(string streamId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT " + WebhookRows.WebhookColumns + " FROM webhooks WHERE stream_id = $stream AND deleted_at IS NULL ORDER BY created_at, id";
        command.Parameters.AddWithValue("$stream", streamId);
        return await ReadWebhooksAsync(command, cancellationToken);
    }

    public async Task<WebhookSubscription?> FindWebhookAsync(string streamId, string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = SelectLiveSql;
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$stream", streamId);
        return (await ReadWebhooksAsync(command, cancellationToken)).FirstOrDefault();
    }

    public Task<WebhookSubscription?> UpdateWebhookAsync(string? streamId, string id, WebhookChange change, CancellationToken cancellationToken) =>
        database.WriteAsync(async tx =>
        {
            await using var update = tx.Command("UPDATE webhooks SET " + WebhookRows.ChangeSet('$') + LiveByIdSql);
            update.Parameters.AddWithValue("$url", (object?)change.Url ?? DBNull.Value);
            update.Parameters.AddWithValue("$events", change.Events is { } events ? (int)events : DBNull.Value);
            update.Parameters.AddWithValue("$active", change.Active is { } active ? (active ? 1 : 0) : DBNull.Value);
            return await ReturnedAsync(update, streamId, id, cancellationToken);
        }, cancellationToken);

    public Task<WebhookSubscription?> RotateSecretAsync(string? streamId, string id, string protectedSecret, DateTimeOffset previousUntil, CancellationToken cancellationToken) =>
        database.WriteAsync(async tx =>
        {
            await using var rotate = tx.Command("UPDATE webhooks SET " + WebhookRows.RotateSet('$') + LiveByIdSql);
            rotate.Parameters.AddWithValue("$secret", protectedSecret);
            rotate.Parameters.AddWithValue("$until", previousUntil.ToUnixTimeMilliseconds());
            return await ReturnedAsync(rotate, streamId, id, cancellationToken);
        }, cancellationToken);

    public Task<bool> DeleteWebhookAsync(string? streamId, string id, CancellationToken cancellationToken) =>
        database.WriteAsync(async tx =>
        {
            await using var delete = tx.Command(
                "UPDATE webhooks SET deleted_at = $now WHERE id = $id AND deleted_at IS NULL AND ($stream IS NULL OR stream_id = $stream)");
            delete.Parameters.AddWithValue("$id", id);
            delete.Parameters.AddWithValue("$stream", (object?)streamId ?? DBNull.Value);
            delete.Parameters.AddWithValue("$now", database.Clock.GetUtcNow().ToUnixTimeMilliseconds());
            return await delete.ExecuteNonQueryAsync(cancellationToken) == 1;
        }, cancellationToken);

    public async Task<DeliveryPage?> ListDeliveriesAsync(string streamId, string webhookId, DeliveryQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: true);
        await using (var exists = connection.CreateCommand())
        {
            exists.Transaction = transaction;
            exists.CommandText = SelectLiveSql;
            exists.Parameters.AddWithValue("$id", webhookId);
            exists.Parameters.AddWithValue("$stream", streamId);
            if ((await ReadWebhooksAsync(exists, cancellationToken)).Count == 0)
            {
                return null;
            }
        }
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT " + WebhookRows.DeliveryColumns + " FROM webhook_deliveries WHERE webhook_id = $webhook " +
                              "AND ($status IS NULL OR status = $status) AND ($before IS NULL OR id < $before) ORDER BY id DESC LIMIT $limit";
        command.Parameters.AddWithValue("$webhook", webhookId);
        command.Parameters.AddWithValue("$status", query.Status is { } status ? WebhookRows.StatusName(status) : DBNull.Value);
        command.Parameters.AddWithValue("$before", (object?)query.Before ?? DBNull.Value);
        command.Parameters.AddWithValue("$limit", query.Limit + 1);
        var deliveries = await ReadDeliveriesAsync(command, cancellationToken);
        var hasMore = deliveries.Count > query.Limit;
        return new DeliveryPage(hasMore ? deliveries[..query.Limit] : deliveries, hasMore);
    }

    public Task<WebhookDelivery?> ReplayDeliveryAsync(string streamId, string webhookId, long deliveryId, CancellationToken cancellationToken) =>
        database.WriteAsync(async tx =>
        {
            // A delivery in flight keeps its lease: its outcome is recorded, then it is due again.
            await using var replay = tx.Command(
                "UPDATE webhook_deliveries SET status = 'pending', queued_at = $now, next_attempt_at = $now, completed_at = NULL " +
                "WHERE id = $id AND webhook_id = $webhook AND EXISTS (SELECT 1 FROM webhooks w WHERE w.id = $webhook AND w.stream_id = $stream AND w.deleted_at IS NULL) " +
                "RETURNING " + WebhookRows.DeliveryColumns);
            replay.Parameters.AddWithValue("$id", deliveryId);
            replay.Parameters.AddWithValue("$webhook", webhookId);
            replay.Parameters.AddWithValue("$stream", streamId);
            replay.Parameters.AddWithValue("$now", database.Clock.GetUtcNow().ToUnixTimeMilliseconds());
            return (await ReadDeliveriesAsync(replay, cancellationToken)).FirstOrDefault();
        }, cancellationToken);

    private static async Task<WebhookSubscription?> ReturnedAsync(SqliteCommand command, string? streamId, string id, CancellationToken cancellationToken)
    {
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$stream", (object?)streamId ?? DBNull.Value);
        return (await ReadWebhooksAsync(command, cancellationToken)).FirstOrDefault();
    }

    private static async Task<List<WebhookSubscription>> ReadWebhooksAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var webhooks = new List<WebhookSubscription>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            webhooks.Add(WebhookRows.ReadWebhook(reader));
        }
        return webhooks;
    }

    private static async Task<List<WebhookDelivery>> ReadDeliveriesAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var deliveries = new List<WebhookDelivery>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            deliveries.Add(WebhookRows.ReadDelivery(reader));
        }
        return deliveries;
    }
}
