using System.Data.Common;
using Callbook.Contacts;
using Callbook.Contacts.WriteModel;

namespace Callbook.Storage.Sql;

/// <summary>
/// The per-stream contact counters (<c>contact_counts</c>, migration 0014): how many contacts of a
/// stream are ACTIVE and INACTIVE, so a list reads its exact total instead of counting the stream.
/// A write transaction collects the changes the write model derived (<see cref="ContactCounts"/>)
/// and adds them as its last statement, just before COMMIT: the counters commit or roll back with
/// the rows they count, and a writer holds a counter row only for the moment of its commit. A
/// stream's counts are the sum of its rows. On PostgreSQL each transaction adds to one of 16 rows
/// (<see cref="PostgresSlot"/>) chosen at random, so concurrent writers of one stream rarely wait
/// for each other's commit on one row; SQLite's single writer uses slot 0.
/// </summary>
internal sealed class ContactCounters
{
    /// <summary>The slot expression of <see cref="AddSql"/> on PostgreSQL: one of 16 rows per stream (a list sums at most 16).</summary>
    public const string PostgresSlot = "floor(random() * 16)::int";

    /// <summary>The slot expression of <see cref="AddSql"/> on SQLite.</summary>
    public const string SqliteSlot = "0";

    /// <summary>
    /// Recounts every stream from its rows (migration 0014 runs the same statement; <c>callbook copy</c>
    /// runs it on the target, whose rows may not all come from the copy).
    /// </summary>
    public const string RecountSql =
        "DELETE FROM contact_counts; " +
        "INSERT INTO contact_counts (stream_id, slot, active, inactive) SELECT stream_id, 0, " +
        "count(*) FILTER (WHERE status = 'ACTIVE'), count(*) FILTER (WHERE status = 'INACTIVE') FROM contacts GROUP BY stream_id";

    private const string InstallationSql =
        "SELECT CAST(coalesce(sum(active), 0) AS bigint), CAST(coalesce(sum(inactive), 0) AS bigint) FROM contact_counts";

    private const string AddSql =
        "INSERT INTO contact_counts AS c (stream_id, slot, active, inactive) VALUES (@stream, {0}, @active, @inactive) " +
        "ON CONFLICT (stream_id, slot) DO UPDATE SET active = c.active + excluded.active, inactive = c.inactive + excluded.inactive";

    private Dictionary<string, ContactCounts>? pending;

    /// <summary>The installation's contacts by status, from the counters (the operator's /metrics).</summary>
    public static async Task<IReadOnlyDictionary<ContactStatus, long>> ReadInstallationAsync(SqlSession session, CancellationToken cancellationToken)
    {
        var (active, inactive) = await session.FirstAsync(InstallationSql, r => (r.GetInt64(0), r.GetInt64(1)), cancellationToken);
        return new Dictionary<ContactStatus, long> { [ContactStatus.Active] = active, [ContactStatus.Inactive] = inactive };
    }

    /// <summary>The statement adding one stream's change, with the backend's slot expression.</summary>
    public static string Add(string slot) => AddSql.Replace("{0}", slot, StringComparison.Ordinal);

    /// <summary>Collects a change of <paramref name="streamId"/>'s counts, to be written by <see cref="ApplyAsync"/>.</summary>
    public void Count(string streamId, ContactCounts change)
    {
        if (change.IsNone)
        {
            return;
        }
        pending ??= new Dictionary<string, ContactCounts>(1, StringComparer.Ordinal);
        pending[streamId] = pending.GetValueOrDefault(streamId).Plus(change);
    }

    /// <summary>Adds every collected change (<paramref name="addSql"/> from <see cref="Add"/>), in stream order; nothing when there is none.</summary>
    public async Task ApplyAsync(Func<string, DbCommand> command, string addSql, CancellationToken cancellationToken)
    {
        if (pending is null)
        {
            return;
        }
        foreach (var (streamId, change) in pending.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (change.IsNone)
            {
                continue;
            }
            await using var add = command(addSql);
            Arg.Text("stream", streamId).AddTo(add);
            Arg.Long("active", change.Active).AddTo(add);
            Arg.Long("inactive", change.Inactive).AddTo(add);
            await add.ExecuteNonQueryAsync(cancellationToken);
        }
        pending = null;
    }
}
