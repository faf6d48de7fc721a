using System.Data.Common;
using Callbook.Contacts;
using Callbook.Contacts.WriteModel;
using Callbook.Stores;

namespace Callbook.Storage.Sql;

/// <summary>
/// The per-stream contact counters (<c>contact_counts</c>, migration 0014): how many contacts of a
/// stream are ACTIVE and INACTIVE, so a list reads its exact total instead of counting the stream.
/// A write transaction collects the changes the write model derived (<see cref="ContactCounts"/>)
/// and adds them as its last statement, just before COMMIT: the counters commit or roll back with
/// the rows they count, and a writer holds a counter row only for the moment of its commit. A
/// stream's counts are the sum of its rows. On PostgreSQL each transaction adds to one of 16 rows
/// (<see cref="PostgresSlot"/>) chosen at random, so concurrent writers of one stream rarely wait
/// for each other's commit on one row; SQLite's single writer uses slot 0. Each row also counts
/// the transactions that added to it (<c>changes</c>, migration 0015): a stream's change number,
/// which moves whenever its lists gain or lose a contact, even when the counts net to nothing
/// (<see cref="ContactCounts.Moves"/>); position marks are valid only while it stays the same.
/// </summary>
internal sealed class ContactCounters
{
    /// <summary>The slot expression of <see cref="AddSql"/> on PostgreSQL: one of 16 rows per stream (a list sums at most 16).</summary>
    public const string PostgresSlot = "floor(random() * 16)::int";

    /// <summary>The slot expression of <see cref="AddSql"/> on SQLite.</summary>
    public const string SqliteSlot = "0";

    /// <summary>
    /// A stream's change number on PostgreSQL, from its rows: every slot's number, in slot order.
    /// Not their sum: writers of different slots commit in no fixed order, and a standby makes
    /// transactions visible in WAL order, which can differ from the order the primary made them
    /// visible in; two snapshots (on two servers) could then see different writes with the same sum.
    /// A slot's writers queue on its row, so equal numbers slot by slot mean the same writes.
    /// </summary>
    public const string PostgresChangeNumber = "string_agg(slot || ':' || changes, ',' ORDER BY slot)";

    /// <summary>A stream's change number on SQLite: one file, one writer at a time, so every snapshot sees a prefix of one order of writes.</summary>
    public const string SqliteChangeNumber = "CAST(sum(changes) AS TEXT)";

    /// <summary>
    /// Recounts every stream from its rows (migration 0014 ran the count; <c>callbook copy</c>
    /// runs it on the target, whose rows may not all come from the copy). Each stream's change
    /// number moves past every number it had (the sum of its rows' numbers, plus one): marks taken
    /// before the recount never match again. Slot -1 holds the new rows until the old ones are gone.
    /// </summary>
    public const string RecountSql =
        "INSERT INTO contact_counts (stream_id, slot, active, inactive, changes) " +
        "SELECT stream_id, -1, 0, 0, sum(changes) + 1 FROM contact_counts GROUP BY stream_id; " +
        "DELETE FROM contact_counts WHERE slot <> -1; " +
        "INSERT INTO contact_counts (stream_id, slot, active, inactive, changes) SELECT stream_id, -1, " +
        "count(*) FILTER (WHERE status = 'ACTIVE'), count(*) FILTER (WHERE status = 'INACTIVE'), 1 FROM contacts WHERE true GROUP BY stream_id " +
        "ON CONFLICT (stream_id, slot) DO UPDATE SET active = excluded.active, inactive = excluded.inactive; " +
        "UPDATE contact_counts SET slot = 0";

    private const string StreamTotalsSql =
        "SELECT stream_id, CAST(sum(active) AS bigint), CAST(sum(inactive) AS bigint) FROM contact_counts GROUP BY stream_id";

    /// <summary>
    /// Recounts every stream in the caller's write transaction (<see cref="RecountSql"/>) and returns
    /// the streams whose counters were wrong, with the counts before and after, in stream order.
    /// </summary>
    public static async Task<IReadOnlyList<CountCorrection>> RecountAsync(SqlSession session, CancellationToken cancellationToken)
    {
        var before = await StreamTotalsAsync(session, cancellationToken);
        await session.ExecuteAsync(RecountSql, cancellationToken);
        var after = await StreamTotalsAsync(session, cancellationToken);
        return [.. before.Keys.Union(after.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(stream => (stream, was: before.GetValueOrDefault(stream), now: after.GetValueOrDefault(stream)))
            .Where(c => c.was != c.now)
            .Select(c => new CountCorrection(c.stream, c.was.Active, c.was.Inactive, c.now.Active, c.now.Inactive))];
    }

    private static async Task<Dictionary<string, (long Active, long Inactive)>> StreamTotalsAsync(SqlSession session, CancellationToken cancellationToken) =>
        (await session.ListAsync(StreamTotalsSql, r => (Stream: r.GetString(0), Active: r.GetInt64(1), Inactive: r.GetInt64(2)), cancellationToken))
            .ToDictionary(r => r.Stream, r => (r.Active, r.Inactive), StringComparer.Ordinal);

    private const string InstallationSql =
        "SELECT CAST(coalesce(sum(active), 0) AS bigint), CAST(coalesce(sum(inactive), 0) AS bigint) FROM contact_counts";

    private const string AddSql =
        "INSERT INTO contact_counts AS c (stream_id, slot, active, inactive, changes) VALUES (@stream, {0}, @active, @inactive, 1) " +
        "ON CONFLICT (stream_id, slot) DO UPDATE SET active = c.active + excluded.active, inactive = c.inactive + excluded.inactive, changes = c.changes + 1";

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

    /// <summary>Adds every collected change (<paramref name="addSql"/> from <see cref="Add"/>), in stream order, moving each stream's change number by one; nothing when there is none.</summary>
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
