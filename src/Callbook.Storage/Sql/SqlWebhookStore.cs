using Callbook.Storage.Webhooks;
using Callbook.Stores;
using Callbook.Tenancy;

namespace Callbook.Storage.Sql;

/// <summary>
/// Webhook subscriptions on either backend: a stream's own (<see cref="IWebhookStore"/>) and an
/// operator's by id (<see cref="IWebhookOperatorStore"/>). The dispatcher's side has one class per
/// backend (SqliteWebhookDispatch, PostgresWebhookDispatch).
/// </summary>
internal sealed class SqlWebhookStore(SqlDialect dialect) : IWebhookStore, IWebhookOperatorStore
{
    private const string SelectLiveSql =
        "SELECT " + WebhookRows.WebhookColumns + " FROM webhooks WHERE id = @id AND stream_id = @stream AND deleted_at IS NULL";

    // The tail of a PATCH, rotation or delete: the live subscription, of @stream unless it is NULL (an operator).
    private const string LiveByIdSql = " WHERE id = @id AND deleted_at IS NULL AND (@stream IS NULL OR stream_id = @stream)";

    public Task<WebhookSubscription?> CreateWebhookAsync(StreamScope scope, NewWebhook webhook, int maxPerStream, CancellationToken cancellationToken) =>
        dialect.WriteAsync<WebhookSubscription?>(async session =>
        {
            var streamId = scope.StreamId;
            // The stream's row lock makes concurrent creations on other nodes count one after the other.
            await session.ExecuteAsync("SELECT id FROM streams WHERE id = @stream" + dialect.ForUpdate, cancellationToken, Arg.Text("stream", streamId));
            var live = Convert.ToInt64(await session.ScalarAsync("SELECT count(*) FROM webhooks WHERE stream_id = @stream AND deleted_at IS NULL",
                cancellationToken, Arg.Text("stream", streamId)), System.Globalization.CultureInfo.InvariantCulture);
            if (live >= maxPerStream)
            {
                return null;
            }
            var created = new WebhookSubscription(Ids.NewWebhookId(), streamId, webhook.Url, webhook.Events, webhook.ProtectedSecret,
                DateTimeOffset.FromUnixTimeMilliseconds(dialect.Now));
            await session.ExecuteAsync("INSERT INTO webhooks (id, stream_id, url, events, secret, created_at) VALUES (@id, @stream, @url, @events, @secret, @now)",
                cancellationToken, Arg.Text("id", created.Id), Arg.Text("stream", streamId), Arg.Text("url", created.Url), Arg.Int("events", (int)created.Events),
                Arg.Text("secret", created.ProtectedSecret), Arg.Long("now", created.CreatedAt.ToUnixTimeMilliseconds()));
            return created;
        }, cancellationToken);

    public async Task<IReadOnlyList<WebhookSubscription>> ListWebhooksAsync(StreamScope scope, CancellationToken cancellationToken)
    {
        await using var session = await dialect.ReadAsync(cancellationToken);
        return await session.ListAsync("SELECT " + WebhookRows.WebhookColumns + " FROM webhooks WHERE stream_id = @stream AND deleted_at IS NULL ORDER BY created_at, id",
            WebhookRows.ReadWebhook, cancellationToken, Arg.Text("stream", scope.StreamId));
    }

    public async Task<WebhookSubscription?> FindWebhookAsync(StreamScope scope, string id, CancellationToken cancellationToken)
    {
        await using var session = await dialect.ReadAsync(cancellationToken);
        return await session.FirstAsync(SelectLiveSql, WebhookRows.ReadWebhook, cancellationToken, Arg.Text("id", id), Arg.Text("stream", scope.StreamId));
    }

    public Task<WebhookSubscription?> UpdateWebhookAsync(StreamScope scope, string id, WebhookChange change, CancellationToken cancellationToken) =>
        ChangeAsync(scope.StreamId, id, change, cancellationToken);

    public Task<WebhookSubscription?> UpdateAnyWebhookAsync(string id, WebhookChange change, CancellationToken cancellationToken) =>
        ChangeAsync(null, id, change, cancellationToken);

    public Task<WebhookSubscription?> RotateSecretAsync(StreamScope scope, string id, string protectedSecret, DateTimeOffset previousUntil, CancellationToken cancellationToken) =>
        RotateAsync(scope.StreamId, id, protectedSecret, previousUntil, cancellationToken);

    public Task<WebhookSubscription?> RotateAnySecretAsync(string id, string protectedSecret, DateTimeOffset previousUntil, CancellationToken cancellationToken) =>
        RotateAsync(null, id, protectedSecret, previousUntil, cancellationToken);

    public Task<bool> DeleteWebhookAsync(StreamScope scope, string id, CancellationToken cancellationToken) => DeleteAsync(scope.StreamId, id, cancellationToken);

    public Task<bool> DeleteAnyWebhookAsync(string id, CancellationToken cancellationToken) => DeleteAsync(null, id, cancellationToken);

    public async Task<DeliveryPage?> ListDeliveriesAsync(StreamScope scope, string webhookId, DeliveryQuery query, CancellationToken cancellationToken)
    {
        await using var session = await dialect.ReadAsync(cancellationToken);
        if (await session.FirstAsync(SelectLiveSql, WebhookRows.ReadWebhook, cancellationToken, Arg.Text("id", webhookId), Arg.Text("stream", scope.StreamId)) is null)
        {
            return null;
        }
        var deliveries = await session.ListAsync(
            "SELECT " + WebhookRows.DeliveryColumns + " FROM webhook_deliveries WHERE webhook_id = @id " +
            "AND (@status IS NULL OR status = @status) AND (@before IS NULL OR id < @before) ORDER BY id DESC LIMIT @limit",
            WebhookRows.ReadDelivery, cancellationToken, Arg.Text("id", webhookId), Arg.Text("status", query.Status is { } status ? WebhookRows.StatusName(status) : null),
            Arg.Long("before", query.Before), Arg.Int("limit", query.Limit + 1));
        var hasMore = deliveries.Count > query.Limit;
        return new DeliveryPage(hasMore ? deliveries[..query.Limit] : deliveries, hasMore);
    }

    public Task<WebhookDelivery?> ReplayDeliveryAsync(StreamScope scope, string webhookId, long deliveryId, CancellationToken cancellationToken) =>
        dialect.WriteAsync(session => session.FirstAsync(
            // A delivery in flight keeps its lease: its outcome is recorded, then it is due again.
            "UPDATE webhook_deliveries SET status = 'pending', queued_at = @now, next_attempt_at = @now, completed_at = NULL " +
            "WHERE id = @delivery AND webhook_id = @id AND EXISTS (SELECT 1 FROM webhooks w WHERE w.id = @id AND w.stream_id = @stream AND w.deleted_at IS NULL) " +
            "RETURNING " + WebhookRows.DeliveryColumns,
            WebhookRows.ReadDelivery, cancellationToken, Arg.Long("delivery", deliveryId), Arg.Text("id", webhookId), Arg.Text("stream", scope.StreamId), Arg.Long("now", dialect.Now)),
            cancellationToken);

    public async Task<long> CountPendingDeliveriesAsync(CancellationToken cancellationToken)
    {
        await using var session = await dialect.ReadAsync(cancellationToken);
        return Convert.ToInt64(await session.ScalarAsync("SELECT count(*) FROM webhook_deliveries WHERE status = 'pending'", cancellationToken),
            System.Globalization.CultureInfo.InvariantCulture);
    }

    private Task<WebhookSubscription?> ChangeAsync(string? streamId, string id, WebhookChange change, CancellationToken cancellationToken) =>
        dialect.WriteAsync(session => session.FirstAsync(
            "UPDATE webhooks SET url = coalesce(@url, url), events = coalesce(@events, events), active = coalesce(@active, active)" +
            LiveByIdSql + " RETURNING " + WebhookRows.WebhookColumns,
            WebhookRows.ReadWebhook, cancellationToken, Arg.Text("id", id), Arg.Text("stream", streamId), Arg.Text("url", change.Url),
            Arg.Int("events", (int?)change.Events), Arg.Int("active", change.Active is { } active ? (active ? 1 : 0) : null)),
            cancellationToken);

    private Task<WebhookSubscription?> RotateAsync(string? streamId, string id, string protectedSecret, DateTimeOffset previousUntil, CancellationToken cancellationToken) =>
        dialect.WriteAsync(session => session.FirstAsync(
            "UPDATE webhooks SET previous_secret = secret, previous_secret_until = @until, secret = @secret" + LiveByIdSql + " RETURNING " + WebhookRows.WebhookColumns,
            WebhookRows.ReadWebhook, cancellationToken, Arg.Text("id", id), Arg.Text("stream", streamId), Arg.Text("secret", protectedSecret),
            Arg.Long("until", previousUntil.ToUnixTimeMilliseconds())),
            cancellationToken);

    private Task<bool> DeleteAsync(string? streamId, string id, CancellationToken cancellationToken) =>
        dialect.WriteAsync(async session => await session.ExecuteAsync("UPDATE webhooks SET deleted_at = @now" + LiveByIdSql,
            cancellationToken, Arg.Text("id", id), Arg.Text("stream", streamId), Arg.Long("now", dialect.Now)) == 1, cancellationToken);
}
