using Callbook.Webhooks;
using Microsoft.Data.Sqlite;

namespace Callbook.Storage.Sqlite.Internal;

/// <summary>
/// Queues webhook deliveries inside a write transaction: one row per changed contact and live, active
/// subscription of the stream that wants the event. The stream's subscriptions are read once per
/// transaction, so a stream without any costs one indexed read and nothing per contact.
/// </summary>
internal sealed class SqliteOutbox : IAsyncDisposable
{
    private const string WantedSql = "SELECT events FROM webhooks WHERE stream_id = $stream AND deleted_at IS NULL AND active = 1";

    private const string InsertSql =
        "INSERT INTO webhook_deliveries (webhook_id, stream_id, contact_id, version, event_type, occurred_at, queued_at, next_attempt_at) " +
        "SELECT id, $stream, $contact, $version, $type, $now, $now, $now FROM webhooks " +
        "WHERE stream_id = $stream AND deleted_at IS NULL AND active = 1 AND (events & $bit) <> 0";

    private readonly WebhookEventTypes wanted;
    private readonly SqliteCommand? insert;

    private SqliteOutbox(WebhookEventTypes wanted, SqliteCommand? insert)
    {
        this.wanted = wanted;
        this.insert = insert;
    }

    public static async Task<SqliteOutbox> OpenAsync(WriteTransaction tx, string streamId, long now, CancellationToken cancellationToken)
    {
        var wanted = WebhookEventTypes.None;
        await using (var read = tx.Command(WantedSql))
        {
            read.Parameters.AddWithValue("$stream", streamId);
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                wanted |= (WebhookEventTypes)reader.GetInt32(0);
            }
        }
        if (wanted == WebhookEventTypes.None)
        {
            return new SqliteOutbox(wanted, null);
        }
        var insert = tx.Command(InsertSql);
        insert.Parameters.AddWithValue("$stream", streamId);
        insert.Parameters.AddWithValue("$now", now);
        insert.Parameters.Add("$contact", SqliteType.Text);
        insert.Parameters.Add("$version", SqliteType.Integer);
        insert.Parameters.Add("$type", SqliteType.Text);
        insert.Parameters.Add("$bit", SqliteType.Integer);
        insert.Prepare();
        return new SqliteOutbox(wanted, insert);
    }

    /// <summary>Queues the event that brought <paramref name="contactId"/> to <paramref name="version"/> for every subscription wanting it.</summary>
    public async Task AddAsync(string contactId, long version, WebhookEventTypes type, CancellationToken cancellationToken)
    {
        if ((wanted & type) == 0)
        {
            return;
        }
        insert!.Parameters["$contact"].Value = contactId;
        insert.Parameters["$version"].Value = version;
        insert.Parameters["$type"].Value = WebhookEvents.Name(type);
        insert.Parameters["$bit"].Value = (int)type;
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (insert is not null)
        {
            await insert.DisposeAsync();
        }
    }
}
