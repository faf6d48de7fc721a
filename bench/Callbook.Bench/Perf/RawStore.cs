using System.Diagnostics;
using Callbook.Contacts;
using Callbook.Tenancy;

namespace Callbook.Bench.Perf;

/// <summary>
/// The limit each write workload is measured against: the same rows written straight into the
/// server's own database (same schema, indexes and durability), batches of 1,000 per transaction,
/// no HTTP, no JSON, no validation.
/// </summary>
public abstract class RawStore : IAsyncDisposable
{
    public const int Batch = 1000;

    protected static readonly string AccountId = "0123456789abcdef01234567";
    protected static readonly string OrgId = "o-" + Guid.Empty.ToString("D");
    protected static readonly string UserId = "u-" + Guid.Empty.ToString("D");
    protected static readonly string ActorId = "a-" + Guid.Empty.ToString("D");

    public static RawStore Open(string db) => db.StartsWith("sqlite:", StringComparison.Ordinal)
        ? new RawSqlite(db["sqlite:".Length..])
        : new RawPostgres(db);

    /// <summary>Inserts contacts [0, count) of <paramref name="data"/> into a stream of their own; the ids when asked for.</summary>
    public async Task<(TimeSpan Elapsed, List<string>? Ids)> InsertAsync(string streamId, ContactData data, int count, bool keepIds)
    {
        var ids = keepIds ? new List<string>(count) : null;
        var clock = Stopwatch.StartNew();
        for (var start = 0; start < count; start += Batch)
        {
            var now = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            var rows = new List<RawRow>(Batch);
            for (var i = start; i < Math.Min(count, start + Batch); i++)
            {
                var first = ContactData.FirstName(i);
                var last = ContactData.LastName(i);
                rows.Add(new RawRow(Ids.NewContactId(now), first, last, data.Stored(i), ContactSearch.Key(first + " " + last), ContactSearch.Key(last)));
            }
            await InsertBatchAsync(streamId, rows, now.ToUnixTimeMilliseconds());
            ids?.AddRange(rows.Select(r => r.Id));
        }
        return (clock.Elapsed, ids);
    }

    /// <summary>Times the insert of contacts [0, count) into a stream of their own, then removes them again.</summary>
    public async Task<TimeSpan> TimeInsertAsync(string streamId, ContactData data, int count)
    {
        var (elapsed, _) = await InsertAsync(streamId, data, count, keepIds: false);
        await RemoveStreamAsync(streamId);
        return elapsed;
    }

    /// <summary>The change a bulk update makes: new last names, version + 1, updated_at/by.</summary>
    public async Task<TimeSpan> UpdateAsync(IReadOnlyList<string> ids, ContactData data)
    {
        var clock = Stopwatch.StartNew();
        for (var start = 0; start < ids.Count; start += Batch)
        {
            var rows = new List<RawRow>(Batch);
            for (var i = start; i < Math.Min(ids.Count, start + Batch); i++)
            {
                var first = ContactData.FirstName(i);
                var last = "Updated" + i.ToString("D10", System.Globalization.CultureInfo.InvariantCulture);
                rows.Add(new RawRow(ids[i], first, last, data.Stored(i), ContactSearch.Key(first + " " + last), ContactSearch.Key(last)));
            }
            await UpdateBatchAsync(rows, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        }
        return clock.Elapsed;
    }

    /// <summary>The change a bulk delete makes: status INACTIVE, version + 1, updated_at/by.</summary>
    public async Task<TimeSpan> DeleteAsync(IReadOnlyList<string> ids)
    {
        var clock = Stopwatch.StartNew();
        for (var start = 0; start < ids.Count; start += Batch)
        {
            await DeleteBatchAsync([.. ids.Skip(start).Take(Batch)], DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        }
        return clock.Elapsed;
    }

    /// <summary>The active contacts of a stream, counted by the database (the exact total a list must answer).</summary>
    public abstract Task<long> CountActiveAsync(string streamId);

    /// <summary>Removes a baseline's rows again (not timed), so every workload starts from the same table.</summary>
    public abstract Task RemoveStreamAsync(string streamId);

    public abstract ValueTask DisposeAsync();

    protected abstract Task InsertBatchAsync(string streamId, List<RawRow> rows, long now);

    protected abstract Task UpdateBatchAsync(List<RawRow> rows, long now);

    protected abstract Task DeleteBatchAsync(List<string> ids, long now);

    protected sealed record RawRow(string Id, string First, string Last, string Phone, string SearchFull, string SearchLast);
}
