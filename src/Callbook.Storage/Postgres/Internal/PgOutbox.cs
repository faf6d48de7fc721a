
namespace Callbook.Storage.Postgres.Internal;

/// <summary>
/// The webhook outbox on PostgreSQL: INSERTs that queue one delivery per changed contact and live
/// subscription of the stream wanting the event. They are data-modifying CTEs of the statement
/// that makes the change, so a batch of changes queues its events in the same round trip and the
/// same transaction; a stream without subscriptions joins no row.
/// </summary>
internal static class PgOutbox
{
    public const string Columns = "webhook_id, stream_id, contact_id, version, event_type, occurred_at, queued_at, next_attempt_at";

    /// <summary>Subscriptions of @stream, joined to the changed rows as <c>w</c>; append the event's bit test.</summary>
    private const string Subscriptions = " JOIN webhooks w ON w.stream_id = @stream AND w.deleted_at IS NULL AND w.active = 1 AND (w.events & ";

    /// <summary>contact.created for the ids of a CTE named <c>inserted</c>.</summary>
    public const string Created =
        "INSERT INTO webhook_deliveries (" + Columns + ") SELECT w.id, @stream, i.id, 1, 'contact.created', @now, @now, @now " +
        "FROM inserted i" + Subscriptions + "1) <> 0";

    /// <summary>The event of each history row of a CTE named <c>h</c> (contact_id, operation, version, n), in row order.</summary>
    public const string FromHistory =
        "INSERT INTO webhook_deliveries (" + Columns + ") SELECT w.id, @stream, h.contact_id, h.version, 'contact.' || h.operation, @now, @now, @now " +
        "FROM h" + Subscriptions + "CASE h.operation WHEN 'updated' THEN 2 WHEN 'deleted' THEN 4 WHEN 'restored' THEN 8 WHEN 'erased' THEN 16 ELSE 0 END) <> 0 ORDER BY h.n";
}
