using System.Buffers;
using System.Text.Json;
using Callbook.Contacts;
using Callbook.Contacts.WriteModel;
using Callbook.Tenancy;
using Microsoft.Data.Sqlite;

namespace Callbook.Storage.Sqlite.Internal;

/// <summary>
/// One update, delete or restore batch on the writer, set-based where SQLite allows it: the current
/// rows and the holders of the wanted numbers are read in one statement each, and the history rows
/// of every step of the <see cref="WritePlan"/> are written in one statement (ids and values travel
/// as JSON arrays through json_each). The writer is single, so what was read cannot change before
/// the batch commits.
/// </summary>
internal sealed class BatchChanges : IAsyncDisposable
{
    // "+stream_id": the unary plus keeps SQLite on the primary key; without it the planner walks the stream's index.
    private const string SelectManySql =
        "SELECT " + ContactRows.Columns + " FROM contacts WHERE id IN (SELECT value FROM json_each($ids)) AND +stream_id = $stream";

    // INDEXED BY: without statistics SQLite prefers contacts_by_status (stream_id, status) for this
    // shape and walks every active contact of the stream (a 200,000-contact stream made each bulk
    // update of 1,000 three times slower); the partial unique index answers each number in one probe.
    internal const string SelectHoldersSql =
        "SELECT phone_number, id FROM contacts INDEXED BY contacts_active_phone " +
        "WHERE stream_id = $stream AND status = 'ACTIVE' AND phone_number IN (SELECT value FROM json_each($phones))";

    private const string InsertHistorySql =
        "INSERT INTO contact_history (contact_id, stream_id, at, user_id, app_actor_id, operation, changes) " +
        "SELECT json_extract(value, '$[0]'), $stream, $now, $user, $app, json_extract(value, '$[1]'), json_extract(value, '$[2]') FROM json_each($rows)";

    private readonly WriteTransaction tx;
    private readonly StreamScope scope;
    private readonly Actor actor;
    private readonly SqliteOutbox outbox;

    private BatchChanges(WriteTransaction tx, StreamScope scope, Actor actor, long now, SqliteOutbox outbox)
    {
        (this.tx, this.scope, this.actor, Now, this.outbox) = (tx, scope, actor, now, outbox);
    }

    /// <summary>The time every change of the batch carries, in Unix milliseconds.</summary>
    public long Now { get; }

    /// <summary>The time every change of the batch carries.</summary>
    public DateTimeOffset ChangedAt => DateTimeOffset.FromUnixTimeMilliseconds(Now);

    /// <summary>
    /// Reads the current rows of <paramref name="ids"/> (<see cref="Current"/>), then takes the
    /// batch's time: inside the writer, never before any of those rows' last change (<see cref="ChangeTime"/>).
    /// </summary>
    public static async Task<BatchChanges> OpenAsync(WriteTransaction tx, StreamScope scope, Actor actor, TimeProvider clock, IEnumerable<string> ids, CancellationToken cancellationToken)
    {
        var current = await LoadAsync(tx, scope, ids, cancellationToken);
        var now = ChangeTime.After(clock, current.Values).ToUnixTimeMilliseconds();
        return new BatchChanges(tx, scope, actor, now, await SqliteOutbox.OpenAsync(tx, scope.StreamId, now, cancellationToken)) { Current = current };
    }

    /// <summary>The rows of the ids asked for, as they were when the batch opened, by id (absent: not found).</summary>
    public Dictionary<string, Contact> Current { get; private init; } = [];

    private static async Task<Dictionary<string, Contact>> LoadAsync(WriteTransaction tx, StreamScope scope, IEnumerable<string> ids, CancellationToken cancellationToken)
    {
        await using var select = tx.Command(SelectManySql);
        select.Parameters.AddWithValue("$stream", scope.StreamId);
        select.Parameters.AddWithValue("$ids", JsonArray(ids, static (writer, id) => writer.WriteStringValue(id)));
        var current = new Dictionary<string, Contact>(StringComparer.Ordinal);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var contact = ContactRows.Read(reader);
            current[contact.Id] = contact;
        }
        return current;
    }

    /// <summary>The active holder of each of <paramref name="phones"/> that has one, phone → contact id.</summary>
    public async Task<Dictionary<string, string>> HoldersAsync(IEnumerable<string> phones, CancellationToken cancellationToken)
    {
        await using var select = tx.Command(SelectHoldersSql);
        select.Parameters.AddWithValue("$stream", scope.StreamId);
        select.Parameters.AddWithValue("$phones", JsonArray(phones.Distinct(StringComparer.Ordinal), static (writer, phone) => writer.WriteStringValue(phone)));
        var holders = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            holders[reader.GetString(0)] = reader.GetString(1);
        }
        return holders;
    }

    /// <summary>Records a plan's steps (<see cref="RecordAsync(IReadOnlyList{ContactStep}, ContactCounts, CancellationToken)"/>) and its change of the counters.</summary>
    public Task RecordAsync(WritePlan plan, CancellationToken cancellationToken) => RecordAsync(plan.Steps, plan.Counts, cancellationToken);

    /// <summary>
    /// Writes the history row of every step in one statement, in step order, queues each step's
    /// webhook deliveries, and counts <paramref name="counts"/> for the commit (<see cref="WriteTransaction.Count"/>).
    /// </summary>
    public async Task RecordAsync(IReadOnlyList<ContactStep> steps, ContactCounts counts, CancellationToken cancellationToken)
    {
        tx.Count(scope.StreamId, counts);
        if (steps.Count == 0)
        {
            return;
        }
        foreach (var step in steps)
        {
            await outbox.AddAsync(step.After.Id, step.After.Version, step.Event, cancellationToken);
        }
        await using var insert = tx.Command(InsertHistorySql);
        Bind(insert);
        insert.Parameters.AddWithValue("$rows", JsonArray(steps, static (writer, step) =>
        {
            writer.WriteStartArray();
            writer.WriteStringValue(step.After.Id);
            writer.WriteStringValue(step.Operation);
            writer.WriteStringValue(step.Changes);
            writer.WriteEndArray();
        }));
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>$stream, $now, $user and $app, as every change statement uses them.</summary>
    public void Bind(SqliteCommand command)
    {
        command.Parameters.AddWithValue("$stream", scope.StreamId);
        command.Parameters.AddWithValue("$now", Now);
        command.Parameters.AddWithValue("$user", actor.UserId);
        command.Parameters.AddWithValue("$app", actor.AppActorId);
    }

    public ValueTask DisposeAsync() => outbox.DisposeAsync();

    /// <summary>A JSON array text of the values, for json_each.</summary>
    public static string JsonArray<T>(IEnumerable<T> values, Action<Utf8JsonWriter, T> write)
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var value in values)
            {
                write(writer, value);
            }
            writer.WriteEndArray();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
