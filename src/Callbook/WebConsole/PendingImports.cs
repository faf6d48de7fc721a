using System.Collections.Concurrent;
using System.Security.Cryptography;
using Callbook.Stores;
using Callbook.Tenancy;

namespace Callbook.WebConsole;

/// <summary>
/// What a console import leaves behind for 30 minutes, in temporary files on the node that received
/// it: an upload that failed as a whole (so "import the good rows" needs no second upload; taken once)
/// and the error report of its failed rows (downloadable until it expires). Both hold personal data
/// (names, numbers); both are bound to the user and stream that sent them and deleted on expiry or
/// shutdown. Behind a load balancer without affinity the user is asked to upload again.
/// </summary>
/// <remarks>
/// An erasure must reach these files on every node, not only the one that erased. Each entry keeps
/// the stream's erasure count (<see cref="IContactStore.CountErasedAsync"/>, read from the shared
/// database) from before its upload was read; an entry is served or imported only while that count
/// is unchanged, and <see cref="PendingImportSweep"/> deletes stale ones in the background. No
/// clock is compared, so nodes whose clocks differ still agree.
/// </remarks>
public sealed class PendingImports(TimeProvider clock, IContactStore store) : IDisposable
{
    private static readonly TimeSpan Keep = TimeSpan.FromMinutes(30);
    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);

    /// <summary>The stream's erasure count now: read it before reading an upload, pass it to <see cref="Add"/>.</summary>
    public Task<long> ErasuresAsync(StreamScope scope, CancellationToken cancellationToken) => store.CountErasedAsync(scope, cancellationToken);

    /// <summary>Moves the files in; returns the upload's id (null without an upload) and the report's id.</summary>
    /// <param name="erasures">The stream's erasure count from before the upload was read (<see cref="ErasuresAsync"/>).</param>
    public (string? UploadId, string ReportId) Add(string userId, StreamScope scope, long erasures, string? uploadPath, string reportPath, string fileName)
    {
        SweepExpired();
        var expires = clock.GetUtcNow() + Keep;
        string? uploadId = null;
        if (uploadPath is not null)
        {
            uploadId = NewId();
            entries[uploadId] = new Entry(userId, scope, erasures, uploadPath, fileName, expires, IsReport: false);
        }
        var reportId = NewId();
        entries[reportId] = new Entry(userId, scope, erasures, reportPath, fileName, expires, IsReport: true);
        return (uploadId, reportId);
    }

    /// <summary>
    /// The upload's path and name when the id is the user's for this stream, not expired and nothing
    /// in the stream was erased since it was uploaded (on any node); the caller deletes the file.
    /// </summary>
    public async Task<(string Path, string FileName)?> TakeAsync(string id, string userId, StreamScope scope, CancellationToken cancellationToken)
    {
        if (!entries.TryGetValue(id, out var entry) || entry.IsReport || entry.UserId != userId || entry.Scope.StreamId != scope.StreamId)
        {
            return null;
        }
        if (!entries.TryRemove(id, out _))
        {
            return null;
        }
        if (entry.Expires < clock.GetUtcNow() || await store.CountErasedAsync(scope, cancellationToken) != entry.Erasures)
        {
            File.Delete(entry.Path);
            return null;
        }
        return (entry.Path, entry.FileName);
    }

    /// <summary>The error report's path when the id is the user's for this stream, not expired and not older than an erasure in the stream.</summary>
    public async Task<string?> FindReportAsync(string id, string userId, StreamScope scope, CancellationToken cancellationToken)
    {
        if (!entries.TryGetValue(id, out var entry) || !entry.IsReport || entry.UserId != userId || entry.Scope.StreamId != scope.StreamId || entry.Expires < clock.GetUtcNow())
        {
            return null;
        }
        if (await store.CountErasedAsync(scope, cancellationToken) != entry.Erasures)
        {
            DiscardStream(scope.StreamId);
            return null;
        }
        return entry.Path;
    }

    /// <summary>Deletes every upload of the stream kept on this node (the node that erases calls it at once).</summary>
    public void DiscardStream(string streamId) => Discard(e => e.Scope.StreamId == streamId);

    /// <summary>Deletes the expired entries and those of every stream that had an erasure since they were uploaded; returns how many went.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var removed = SweepExpired();
        foreach (var scope in entries.Values.Select(e => e.Scope).DistinctBy(s => s.StreamId).ToList())
        {
            var erasures = await store.CountErasedAsync(scope, cancellationToken);
            removed += Discard(e => e.Scope.StreamId == scope.StreamId && e.Erasures != erasures);
        }
        return removed;
    }

    public void Dispose() => Discard(_ => true);

    private static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    private int SweepExpired()
    {
        var now = clock.GetUtcNow();
        return Discard(e => e.Expires < now);
    }

    private int Discard(Func<Entry, bool> which)
    {
        var removed = 0;
        foreach (var (id, entry) in entries)
        {
            if (which(entry) && entries.TryRemove(id, out _))
            {
                File.Delete(entry.Path);
                removed++;
            }
        }
        return removed;
    }

    private sealed record Entry(string UserId, StreamScope Scope, long Erasures, string Path, string FileName, DateTimeOffset Expires, bool IsReport);
}
