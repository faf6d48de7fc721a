using Callbook.Contacts;
using Callbook.Storage.Sqlite.Internal;
using Callbook.Storage.Webhooks;
using Callbook.Stores;
using Microsoft.Data.Sqlite;

namespace Callbook.Storage.Sqlite;

/// <summary>
/// Webhook deliveries on SQLite, the dispatcher's side. Claims are writes, so they go through the
/// single writer like every change: two claims never overlap, in this process or another one.
/// </summary>
internal sealed class SqliteWebhookDispatch(SqliteDatabase database) : IWebhookDispatchStore
{
    private const string DueSql =
        "SELECT " + WebhookRows.WebhookColumns + " FROM webhooks w WHERE w.deleted_at IS NULL AND w.active = 1 AND EXISTS (" +
        "SELECT 1 FROM webhook_deliveries d WHERE d.webhook_id = w.id AND d.status = 'pending' AND d.next_attempt_at <= $now " +
        "AND (d.locked_until IS NULL OR d.locked_until <= $now))";

    private const string CompleteSql =
        "UPDATE webhook_deliveries SET status = $status, attempts = attempts + $attempted, next_attempt_at = $next, " +
        "last_error = CASE WHEN $attempted = 1 THEN $error ELSE last_error END, last_status = CASE WHEN $attempted = 1 THEN $http ELSE last_status END, " +
        "completed_at = CASE WHEN $status = 'pending' THEN NULL ELSE $now END, locked_by = NULL, locked_until = NULL " +
        "WHERE id = $id AND locked_by = $node AND status = 'pending'";

    // Due, not leased, and no earlier change of the same contact pending for this subscription.
    private const string ClaimSql =
        "UPDATE webhook_deliveries SET locked_by = $node, locked_until = $until WHERE id IN (" +
        "SELECT d.id FROM webhook_deliveries d WHERE d.webhook_id = $webhook AND d.status = 'pending' AND d.next_attempt_at <= $now " +
        "AND (d.locked_until IS NULL OR d.locked_until <= $now) " +
        "AND NOT EXISTS (SELECT 1 FROM webhook_deliveries e WHERE e.webhook_id = d.webhook_id AND e.contact_id = d.contact_id " +
        "AND e.status = 'pending' AND e.version < d.version) " +
        "AND EXISTS (SELECT 1 FROM webhooks w WHERE w.id = $webhook AND w.deleted_at IS NULL AND w.active = 1) " +
        "ORDER BY d.next_attempt_at, d.id LIMIT $n) RETURNING " + WebhookRows.DeliveryColumns;

    private const string PurgeSql =
        "DELETE FROM webhook_deliveries WHERE id IN (SELECT id FROM webhook_deliveries WHERE status <> 'pending' AND completed_at < $cutoff LIMIT $batch); " +
        "DELETE FROM webhook_deliveries WHERE id IN (SELECT d.id FROM webhooks w JOIN webhook_deliveries d ON d.webhook_id = w.id " +
        "WHERE w.deleted_at IS NOT NULL LIMIT $batch); " +
        "DELETE FROM webhooks WHERE deleted_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.webhook_id = webhooks.id)";

    public async Task<IReadOnlyList<WebhookSubscription>> FindDueWebhooksAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = DueSql;
        command.Parameters.AddWithValue("$now", database.Clock.GetUtcNow().ToUnixTimeMilliseconds());
        return await ReadWebhooksAsync(command, cancellationToken);
    }

    public Task<IReadOnlyList<WebhookDelivery>> CompleteAndClaimAsync(string webhookId, IReadOnlyList<DeliveryOutcome> outcomes, int claim, DeliveryLease lease, CancellationToken cancellationToken) =>
        database.WriteAsync<IReadOnlyList<WebhookDelivery>>(async tx =>
        {
            var now = database.Clock.GetUtcNow().ToUnixTimeMilliseconds();
            if (outcomes.Count > 0)
            {
                await using var complete = tx.Command(CompleteSql);
                complete.Parameters.AddWithValue("$node", lease.Node);
                complete.Parameters.AddWithValue("$now", now);
                var id = complete.Parameters.Add("$id", SqliteType.Integer);
                var status = complete.Parameters.Add("$status", SqliteType.Text);
                var next = complete.Parameters.Add("$next", SqliteType.Integer);
                var error = complete.Parameters.Add("$error", SqliteType.Text);
                var http = complete.Parameters.Add("$http", SqliteType.Integer);
                var attempted = complete.Parameters.Add("$attempted", SqliteType.Integer);
                foreach (var outcome in outcomes)
                {
                    id.Value = outcome.Id;
                    status.Value = WebhookRows.StatusName(outcome.Status);
                    next.Value = outcome.NextAttemptAt.ToUnixTimeMilliseconds();
                    error.Value = (object?)WebhookRows.Truncate(outcome.Error) ?? DBNull.Value;
                    http.Value = (object?)outcome.StatusCode ?? DBNull.Value;
                    attempted.Value = outcome.Attempted ? 1 : 0;
                    await complete.ExecuteNonQueryAsync(cancellationToken);
                }
            }
            if (claim <= 0)
            {
                return [];
            }
            await using var select = tx.Command(ClaimSql);
            select.Parameters.AddWithValue("$webhook", webhookId);
            select.Parameters.AddWithValue("$node", lease.Node);
            select.Parameters.AddWithValue("$now", now);
            select.Parameters.AddWithValue("$until", now + (long)lease.Duration.TotalMilliseconds);
            select.Parameters.AddWithValue("$n", claim);
            var claimed = await ReadDeliveriesAsync(select, cancellationToken);
            return [.. claimed.OrderBy(d => d.NextAttemptAt).ThenBy(d => d.Id)];
        }, cancellationToken);

    public async Task<IReadOnlyDictionary<string, ContactChangeSource>> LoadChangesAsync(string streamId, IReadOnlyList<ContactVersionRef> wanted, CancellationToken cancellationToken)
    {
        var sources = new Dictionary<string, ContactChangeSource>(StringComparer.Ordinal);
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        // One read transaction: each contact and its history come from the same snapshot.
        await using var transaction = connection.BeginTransaction(deferred: true);
        await using var contact = connection.CreateCommand();
        contact.Transaction = transaction;
        contact.CommandText = "SELECT " + ContactRows.Columns + " FROM contacts WHERE id = $id AND stream_id = $stream";
        contact.Parameters.AddWithValue("$stream", streamId);
        var contactId = contact.Parameters.Add("$id", SqliteType.Text);
        await using var history = connection.CreateCommand();
        history.Transaction = transaction;
        history.CommandText = "SELECT at, user_id, app_actor_id, operation, changes FROM contact_history " +
                              "WHERE stream_id = $stream AND contact_id = $id ORDER BY seq DESC LIMIT $n";
        history.Parameters.AddWithValue("$stream", streamId);
        var historyId = history.Parameters.Add("$id", SqliteType.Text);
        var count = history.Parameters.Add("$n", SqliteType.Integer);
        foreach (var (id, version) in WebhookRows.LowestVersions(wanted))
        {
            contactId.Value = id;
            Contact? current;
            await using (var reader = await contact.ExecuteReaderAsync(cancellationToken))
            {
                current = await reader.ReadAsync(cancellationToken) ? ContactRows.Read(reader) : null;
            }
            if (current is null)
            {
                continue;
            }
            var newest = new List<HistoryEntry>();
            var needed = WebhookRows.HistoryNeeded(current.Version, version);
            if (needed > 0)
            {
                historyId.Value = id;
                count.Value = needed;
                await using var reader = await history.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    newest.Add(new HistoryEntry(DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0)), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4)));
                }
                newest.Reverse();
            }
            sources[id] = new ContactChangeSource(current, newest);
        }
        return sources;
    }

    public Task<int> PurgeAsync(DateTimeOffset finishedBefore, int batch, CancellationToken cancellationToken) =>
        database.WriteAsync(async tx =>
        {
            await using var purge = tx.Command(PurgeSql);
            purge.Parameters.AddWithValue("$cutoff", finishedBefore.ToUnixTimeMilliseconds());
            purge.Parameters.AddWithValue("$batch", batch);
            return await purge.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);

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
