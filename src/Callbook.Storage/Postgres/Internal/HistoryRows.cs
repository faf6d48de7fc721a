using Callbook.Contacts.WriteModel;
using Callbook.Stores;
using Callbook.Tenancy;
using Npgsql;

namespace Callbook.Storage.Postgres.Internal;

/// <summary>
/// contact_history rows of one write, as one array per column for a single INSERT that reads
/// them back with <c>unnest</c>: a whole batch of changes costs no extra round trip, since the
/// INSERT goes out with the change itself, and neither do their webhook deliveries.
/// </summary>
internal sealed class HistoryRows
{
    /// <summary>
    /// Rows keep their input order, so seq follows it within every contact. Each row queues the
    /// webhook deliveries of its change (the event is the contact and the version it reached).
    /// </summary>
    public const string Insert =
        "WITH h AS (SELECT * FROM unnest(@history_ids, @history_operations, @history_changes, @history_versions) " +
        "WITH ORDINALITY AS x (contact_id, operation, changes, version, n)), " +
        "recorded AS (INSERT INTO contact_history (contact_id, stream_id, at, user_id, app_actor_id, operation, changes) " +
        "SELECT h.contact_id, @stream, @now, @user, @app, h.operation, h.changes FROM h ORDER BY h.n) " +
        PgOutbox.FromHistory;

    public const string Select =
        "SELECT h.at, h.user_id, h.app_actor_id, h.operation, h.changes FROM (" +
        "SELECT id, stream_id FROM contacts WHERE id = @id AND stream_id = @stream " +
        "UNION ALL SELECT id, stream_id FROM erased_contacts WHERE id = @id AND stream_id = @stream) c " +
        "LEFT JOIN contact_history h ON h.stream_id = c.stream_id AND h.contact_id = c.id ORDER BY h.seq";

    private readonly List<string> ids = [];
    private readonly List<string> operations = [];
    private readonly List<string> changes = [];
    private readonly List<long> versions = [];

    public int Count => ids.Count;

    /// <param name="version">The contact's version after this change.</param>
    public void Add(string contactId, string operation, string changesJson, long version)
    {
        ids.Add(contactId);
        operations.Add(operation);
        changes.Add(changesJson);
        versions.Add(version);
    }

    /// <summary>The rows of a plan's steps, in their order.</summary>
    public static HistoryRows Of(IEnumerable<ContactStep> steps)
    {
        var rows = new HistoryRows();
        foreach (var step in steps)
        {
            rows.Add(step.After.Id, step.Operation, step.Changes, step.After.Version);
        }
        return rows;
    }

    /// <summary>The INSERT of every row added, stamped with the change's time and actor.</summary>
    public NpgsqlBatchCommand Command(StreamScope scope, Actor actor, DateTimeOffset at)
    {
        var command = new NpgsqlBatchCommand(Insert);
        command.Parameters.AddWithValue("history_ids", ids.ToArray());
        command.Parameters.AddWithValue("history_operations", operations.ToArray());
        command.Parameters.AddWithValue("history_changes", changes.ToArray());
        command.Parameters.AddWithValue("history_versions", versions.ToArray());
        command.Parameters.AddWithValue("stream", scope.StreamId);
        command.Parameters.AddWithValue("now", at.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("user", actor.UserId);
        command.Parameters.AddWithValue("app", actor.AppActorId);
        return command;
    }

    /// <summary>Reads <see cref="Select"/>: null when the contact is not in the stream.</summary>
    public static async Task<IReadOnlyList<HistoryEntry>?> ReadAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        List<HistoryEntry>? entries = null;
        while (await reader.ReadAsync(cancellationToken))
        {
            entries ??= [];
            if (!reader.IsDBNull(0))
            {
                entries.Add(new HistoryEntry(
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0)),
                    reader.GetString(1),
                    reader.GetString(2),
                    reader.GetString(3),
                    reader.GetString(4)));
            }
        }
        return entries;
    }
}
