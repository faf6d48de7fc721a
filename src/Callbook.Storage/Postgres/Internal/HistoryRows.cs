using Callbook.Tenancy;
using Npgsql;

namespace Callbook.Storage.Postgres.Internal;

/// <summary>
/// contact_history rows of one write, as one array per column for a single INSERT that reads
/// them back with <c>unnest</c>: a whole batch of changes costs no extra round trip, since the
/// INSERT goes out with the change itself.
/// </summary>
internal sealed class HistoryRows
{
    /// <summary>Rows keep their input order, so seq follows it within every contact.</summary>
    public const string Insert =
        "INSERT INTO contact_history (contact_id, stream_id, at, user_id, app_actor_id, operation, changes) " +
        "SELECT h.contact_id, @stream, @now, @user, @app, h.operation, h.changes " +
        "FROM unnest(@history_ids, @history_operations, @history_changes) WITH ORDINALITY AS h (contact_id, operation, changes, n) " +
        "ORDER BY h.n";

    public const string Select =
        "SELECT h.at, h.user_id, h.app_actor_id, h.operation, h.changes FROM contacts c " +
        "LEFT JOIN contact_history h ON h.stream_id = c.stream_id AND h.contact_id = c.id " +
        "WHERE c.id = @id AND c.stream_id = @stream ORDER BY h.seq";

    private readonly List<string> ids = [];
    private readonly List<string> operations = [];
    private readonly List<string> changes = [];

    public int Count => ids.Count;

    public void Add(string contactId, string operation, string changesJson)
    {
        ids.Add(contactId);
        operations.Add(operation);
        changes.Add(changesJson);
    }

    /// <summary>The INSERT of every row added, stamped with the change's time and actor.</summary>
    public NpgsqlBatchCommand Command(StreamScope scope, Actor actor, DateTimeOffset at)
    {
        var command = new NpgsqlBatchCommand(Insert);
        command.Parameters.AddWithValue("history_ids", ids.ToArray());
        command.Parameters.AddWithValue("history_operations", operations.ToArray());
        command.Parameters.AddWithValue("history_changes", changes.ToArray());
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
