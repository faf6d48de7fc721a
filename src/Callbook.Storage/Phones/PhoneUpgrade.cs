using System.Data.Common;
using Callbook.Contacts;
using Callbook.Phones;
using Callbook.Stores;
using Callbook.Tenancy;

namespace Callbook.Storage.Phones;

/// <summary>
/// The data upgrade 'phones-e164-v1' (migration 0007): numbers stored by earlier versions are
/// brought to today's canonical form (<see cref="CanonicalPhone.Recanonicalize"/>), in batches in id
/// order. A batch changes its rows, writes one history entry per changed number and moves the
/// position in one transaction, so a run killed at any point resumes where it stopped. A number
/// whose canonical form another active contact of its stream already holds is left as it is
/// (nothing merged, deactivated or lost); <see cref="PhoneCollisions"/> lists those pairs.
/// One SQL text serves both stores (parameters are @name in both).
/// </summary>
internal static class PhoneUpgrade
{
    public const string Name = "phones-e164-v1";
    public const int BatchSize = 500;

    /// <summary>Who the history entries name: no user or app made the change, the upgrade did.</summary>
    public static readonly Actor Actor = new("u-callbook-upgrade", "a-callbook-upgrade");

    private sealed record Row(string Id, string StreamId, string Number, string CountryCode, bool Active);

    /// <summary>
    /// One batch inside the caller's transaction (<paramref name="command"/> makes its commands).
    /// <paramref name="lockPosition"/> adds FOR UPDATE (PostgreSQL: nodes starting together take turns).
    /// Returns true while batches remain.
    /// </summary>
    public static async Task<bool> RunBatchAsync(Func<string, DbCommand> command, bool lockPosition, long now, CancellationToken cancellationToken)
    {
        string after;
        await using (var position = command("SELECT after_id FROM data_upgrades WHERE name = @name AND finished_at IS NULL" + (lockPosition ? " FOR UPDATE" : "")))
        {
            Add(position, "name", Name);
            if (await position.ExecuteScalarAsync(cancellationToken) is not string value)
            {
                return false;
            }
            after = value;
        }
        var rows = new List<Row>(BatchSize);
        await using (var select = command("SELECT id, stream_id, phone_number, phone_country_code, status FROM contacts WHERE id > @after ORDER BY id LIMIT @limit"))
        {
            Add(select, "after", after);
            Add(select, "limit", BatchSize);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(new Row(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4) == ContactStatusNames.Active));
            }
        }
        long changed = 0, kept = 0;
        foreach (var row in rows)
        {
            var canonical = CanonicalPhone.Recanonicalize(row.CountryCode, row.Number);
            if (canonical is null || canonical == row.Number)
            {
                continue;
            }
            if (row.Active && await HolderAsync(command, row.StreamId, canonical, cancellationToken) is not null)
            {
                kept++;
                continue;
            }
            await ChangeAsync(command, row, canonical, now, cancellationToken);
            changed++;
        }
        var finished = rows.Count < BatchSize;
        await using (var move = command(
            "UPDATE data_upgrades SET after_id = @after, changed = changed + @changed, kept = kept + @kept, finished_at = @finished WHERE name = @name"))
        {
            Add(move, "after", rows.Count == 0 ? after : rows[^1].Id);
            Add(move, "changed", changed);
            Add(move, "kept", kept);
            Add(move, "finished", finished ? now : null);
            Add(move, "name", Name);
            await move.ExecuteNonQueryAsync(cancellationToken);
        }
        return !finished;
    }

    /// <summary>The active contact of the stream holding <paramref name="number"/>, if any.</summary>
    internal static async Task<string?> HolderAsync(Func<string, DbCommand> command, string streamId, string number, CancellationToken cancellationToken)
    {
        await using var holder = command("SELECT id FROM contacts WHERE stream_id = @stream AND phone_number = @number AND status = 'ACTIVE'");
        Add(holder, "stream", streamId);
        Add(holder, "number", number);
        return await holder.ExecuteScalarAsync(cancellationToken) as string;
    }

    private static async Task ChangeAsync(Func<string, DbCommand> command, Row row, string canonical, long now, CancellationToken cancellationToken)
    {
        await using (var update = command(
            "UPDATE contacts SET phone_number = @number, version = version + 1, updated_at = @now, updated_by = @user, updated_by_aid = @app WHERE id = @id"))
        {
            Add(update, "number", canonical);
            Add(update, "now", now);
            Add(update, "user", Actor.UserId);
            Add(update, "app", Actor.AppActorId);
            Add(update, "id", row.Id);
            await update.ExecuteNonQueryAsync(cancellationToken);
        }
        await using var history = command(
            "INSERT INTO contact_history (contact_id, stream_id, at, user_id, app_actor_id, operation, changes) VALUES (@id, @stream, @now, @user, @app, @operation, @changes)");
        Add(history, "id", row.Id);
        Add(history, "stream", row.StreamId);
        Add(history, "now", now);
        Add(history, "user", Actor.UserId);
        Add(history, "app", Actor.AppActorId);
        Add(history, "operation", HistoryOperations.Updated);
        Add(history, "changes", ContactChanges.PhoneNumberChange(row.Number, canonical));
        await history.ExecuteNonQueryAsync(cancellationToken);
    }

    internal static void Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }
}
