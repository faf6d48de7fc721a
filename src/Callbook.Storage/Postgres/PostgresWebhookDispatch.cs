using System.Data;
using Callbook.Storage.Postgres.Internal;
using Callbook.Storage.Webhooks;
using Callbook.Stores;
using Npgsql;

namespace Callbook.Storage.Postgres;

/// <summary>
/// Webhook deliveries on PostgreSQL, the dispatcher's side. Several nodes claim at once: a claim
/// locks its rows with <c>FOR UPDATE SKIP LOCKED</c> (rows another node is claiming are skipped,
/// never waited for) and leases them (<c>locked_by</c>, <c>locked_until</c>), so no two nodes send
/// one delivery at the same time; an outcome is recorded only by the node holding the lease.
/// </summary>
internal sealed class PostgresWebhookDispatch(PostgresDatabase database) : IWebhookDispatchStore
{
    private const string DueSql =
        "SELECT " + WebhookRows.WebhookColumns + " FROM webhooks w WHERE w.deleted_at IS NULL AND w.active = 1 AND EXISTS (" +
        "SELECT 1 FROM webhook_deliveries d WHERE d.webhook_id = w.id AND d.status = 'pending' AND d.next_attempt_at <= @now " +
        "AND (d.locked_until IS NULL OR d.locked_until <= @now))";

    private const string CompleteSql =
        "UPDATE webhook_deliveries d SET status = o.status, attempts = d.attempts + CASE WHEN o.attempted THEN 1 ELSE 0 END, next_attempt_at = o.next, " +
        "last_error = CASE WHEN o.attempted THEN o.error ELSE d.last_error END, last_status = CASE WHEN o.attempted THEN o.http ELSE d.last_status END, " +
        "completed_at = CASE WHEN o.status = 'pending' THEN NULL ELSE @now END, locked_by = NULL, locked_until = NULL " +
        "FROM unnest(@ids, @statuses, @nexts, @errors, @https, @attempted) AS o (id, status, next, error, http, attempted) " +
        "WHERE d.id = o.id AND d.locked_by = @node AND d.status = 'pending'";

    // Due, not leased, and no earlier change of the same contact pending for this subscription
    // (leased or not), so a contact's events go out one after another, in order.
    private const string ClaimSql =
        "UPDATE webhook_deliveries d SET locked_by = @node, locked_until = @until FROM (" +
        "SELECT c.id FROM webhook_deliveries c WHERE c.webhook_id = @webhook AND c.status = 'pending' AND c.next_attempt_at <= @now " +
        "AND (c.locked_until IS NULL OR c.locked_until <= @now) " +
        "AND NOT EXISTS (SELECT 1 FROM webhook_deliveries e WHERE e.webhook_id = c.webhook_id AND e.contact_id = c.contact_id " +
        "AND e.status = 'pending' AND e.version < c.version) " +
        "AND EXISTS (SELECT 1 FROM webhooks w WHERE w.id = @webhook AND w.deleted_at IS NULL AND w.active = 1) " +
        "ORDER BY c.next_attempt_at, c.id LIMIT @n FOR UPDATE OF c SKIP LOCKED) claimed " +
        "WHERE d.id = claimed.id RETURNING " + Qualified;

    private const string Qualified =
        "d.id, d.webhook_id, d.stream_id, d.contact_id, d.version, d.event_type, d.occurred_at, d.status, d.attempts, d.queued_at, " +
        "d.next_attempt_at, d.last_error, d.last_status, d.completed_at";

    private const string ContactsSql = "SELECT " + ContactRows.Columns + " FROM contacts WHERE stream_id = @stream AND id = ANY(@ids)";

    // The newest rows of each contact's history, as many as rebuilding the wanted version takes.
    private const string HistorySql =
        "SELECT x.id, h.at, h.user_id, h.app_actor_id, h.operation, h.changes FROM unnest(@ids, @versions) AS x (id, version) " +
        "JOIN contacts c ON c.id = x.id AND c.stream_id = @stream " +
        "CROSS JOIN LATERAL (SELECT * FROM contact_history hh WHERE hh.stream_id = @stream AND hh.contact_id = x.id " +
        "ORDER BY hh.seq DESC LIMIT greatest(c.version - greatest(x.version, 2) + 1, 0)) h ORDER BY x.id, h.seq";

    private const string PurgeFinishedSql =
        "DELETE FROM webhook_deliveries WHERE id IN (SELECT id FROM webhook_deliveries WHERE status <> 'pending' AND completed_at < @cutoff LIMIT @batch)";

    private const string PurgeDeletedSql =
        "DELETE FROM webhook_deliveries WHERE id IN (SELECT d.id FROM webhooks w JOIN webhook_deliveries d ON d.webhook_id = w.id " +
        "WHERE w.deleted_at IS NOT NULL LIMIT @batch)";

    private const string DropDeletedSql =
        "DELETE FROM webhooks w WHERE w.deleted_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.webhook_id = w.id)";

    public async Task<IReadOnlyList<WebhookSubscription>> FindDueWebhooksAsync(CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand(DueSql);
        command.Parameters.AddWithValue("now", database.Clock.GetUtcNow().ToUnixTimeMilliseconds());
        return await ReadWebhooksAsync(command, cancellationToken);
    }

    public async Task<IReadOnlyList<WebhookDelivery>> CompleteAndClaimAsync(string webhookId, IReadOnlyList<DeliveryOutcome> outcomes, int claim, DeliveryLease lease, CancellationToken cancellationToken)
    {
        if (outcomes.Count == 0 && claim <= 0)
        {
            return [];
        }
        return await database.WriteAsync<IReadOnlyList<WebhookDelivery>>(async tx =>
        {
            var now = database.Clock.GetUtcNow().ToUnixTimeMilliseconds();
            var commands = new List<NpgsqlBatchCommand>(2);
            if (outcomes.Count > 0)
            {
                var complete = new NpgsqlBatchCommand(CompleteSql);
                complete.Parameters.AddWithValue("ids", outcomes.Select(o => o.Id).ToArray());
                complete.Parameters.AddWithValue("statuses", outcomes.Select(o => WebhookRows.StatusName(o.Status)).ToArray());
                complete.Parameters.AddWithValue("nexts", outcomes.Select(o => o.NextAttemptAt.ToUnixTimeMilliseconds()).ToArray());
                complete.Parameters.AddWithValue("errors", outcomes.Select(o => WebhookRows.Truncate(o.Error)).ToArray());
                complete.Parameters.AddWithValue("https", outcomes.Select(o => o.StatusCode).ToArray());
                complete.Parameters.AddWithValue("attempted", outcomes.Select(o => o.Attempted).ToArray());
                complete.Parameters.AddWithValue("node", lease.Node);
                complete.Parameters.AddWithValue("now", now);
                commands.Add(complete);
            }
            if (claim > 0)
            {
                var select = new NpgsqlBatchCommand(ClaimSql);
                select.Parameters.AddWithValue("webhook", webhookId);
                select.Parameters.AddWithValue("node", lease.Node);
                select.Parameters.AddWithValue("now", now);
                select.Parameters.AddWithValue("until", now + (long)lease.Duration.TotalMilliseconds);
                select.Parameters.AddWithValue("n", claim);
                commands.Add(select);
            }
            await using var batch = tx.Batch([.. commands]);
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            if (claim <= 0)
            {
                return [];
            }
            // The completing UPDATE returns no rows, so the claim's rows are the first result set.
            var claimed = await ReadDeliveriesAsync(reader, cancellationToken);
            return [.. claimed.OrderBy(d => d.NextAttemptAt).ThenBy(d => d.Id)];
        }, cancellationToken);
    }

    public async Task<IReadOnlyDictionary<string, ContactChangeSource>> LoadChangesAsync(string streamId, IReadOnlyList<ContactVersionRef> wanted, CancellationToken cancellationToken)
    {
        var lowest = WebhookRows.LowestVersions(wanted);
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        // One snapshot: each contact and its history agree.
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        var contacts = new NpgsqlBatchCommand(ContactsSql);
        contacts.Parameters.AddWithValue("stream", streamId);
        contacts.Parameters.AddWithValue("ids", lowest.Keys.ToArray());
        var history = new NpgsqlBatchCommand(HistorySql);
        history.Parameters.AddWithValue("stream", streamId);
        history.Parameters.AddWithValue("ids", lowest.Keys.ToArray());
        history.Parameters.AddWithValue("versions", lowest.Values.ToArray());
        await using var batch = new NpgsqlBatch(connection, transaction) { BatchCommands = { new NpgsqlBatchCommand("SET TRANSACTION READ ONLY"), contacts, history } };
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var current = await ContactRows.ReadByIdAsync(reader, cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        var newest = current.Keys.ToDictionary(id => id, _ => new List<HistoryEntry>(), StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            newest[reader.GetString(0)].Add(new HistoryEntry(DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)),
                reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5)));
        }
        return current.ToDictionary(c => c.Key, c => new ContactChangeSource(c.Value, newest[c.Key]), StringComparer.Ordinal);
    }

    public Task<int> PurgeAsync(DateTimeOffset finishedBefore, int batch, CancellationToken cancellationToken) =>
        database.WriteAsync(async tx =>
        {
            var finished = new NpgsqlBatchCommand(PurgeFinishedSql);
            finished.Parameters.AddWithValue("cutoff", finishedBefore.ToUnixTimeMilliseconds());
            finished.Parameters.AddWithValue("batch", batch);
            var deleted = new NpgsqlBatchCommand(PurgeDeletedSql);
            deleted.Parameters.AddWithValue("batch", batch);
            await using var purge = tx.Batch(finished, deleted, new NpgsqlBatchCommand(DropDeletedSql));
            return await purge.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);

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
