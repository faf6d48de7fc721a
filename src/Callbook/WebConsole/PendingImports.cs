using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Callbook.WebConsole;

/// <summary>
/// What a console import leaves behind for 30 minutes, in temporary files on the node that received
/// it: an upload that failed as a whole (so "import the good rows" needs no second upload; taken once)
/// and the error report of its failed rows (downloadable until it expires). Both hold personal data
/// (names, numbers); both are bound to the user and stream that sent them and deleted on expiry or
/// shutdown. Behind a load balancer without affinity the user is asked to upload again.
/// </summary>
public sealed class PendingImports(TimeProvider clock) : IDisposable
{
    private static readonly TimeSpan Keep = TimeSpan.FromMinutes(30);
    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);

    /// <summary>Moves the files in; returns the upload's id (null without an upload) and the report's id.</summary>
    public (string? UploadId, string ReportId) Add(string userId, string streamId, string? uploadPath, string reportPath, string fileName)
    {
        Sweep();
        var expires = clock.GetUtcNow() + Keep;
        string? uploadId = null;
        if (uploadPath is not null)
        {
            uploadId = NewId();
            entries[uploadId] = new Entry(userId, streamId, uploadPath, fileName, expires, IsReport: false);
        }
        var reportId = NewId();
        entries[reportId] = new Entry(userId, streamId, reportPath, fileName, expires, IsReport: true);
        return (uploadId, reportId);
    }

    /// <summary>The upload's path and name when the id is the user's for this stream and not expired; the caller deletes the file.</summary>
    public (string Path, string FileName)? Take(string id, string userId, string streamId)
    {
        if (!entries.TryGetValue(id, out var entry) || entry.IsReport || entry.UserId != userId || entry.StreamId != streamId)
        {
            return null;
        }
        if (!entries.TryRemove(id, out _))
        {
            return null;
        }
        if (entry.Expires < clock.GetUtcNow())
        {
            File.Delete(entry.Path);
            return null;
        }
        return (entry.Path, entry.FileName);
    }

    /// <summary>Deletes every upload of the stream kept on this node: after an erasure none may bring the person back.</summary>
    public void DiscardStream(string streamId)
    {
        foreach (var (id, entry) in entries)
        {
            if (entry.StreamId == streamId && entries.TryRemove(id, out _))
            {
                File.Delete(entry.Path);
            }
        }
    }

    /// <summary>The error report's path when the id is the user's for this stream and not expired.</summary>
    public string? FindReport(string id, string userId, string streamId) =>
        entries.TryGetValue(id, out var entry) && entry.IsReport && entry.UserId == userId && entry.StreamId == streamId && entry.Expires >= clock.GetUtcNow()
            ? entry.Path
            : null;

    public void Dispose()
    {
        foreach (var entry in entries.Values)
        {
            File.Delete(entry.Path);
        }
        entries.Clear();
    }

    private static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    private void Sweep()
    {
        var now = clock.GetUtcNow();
        foreach (var (id, entry) in entries)
        {
            if (entry.Expires < now && entries.TryRemove(id, out _))
            {
                File.Delete(entry.Path);
            }
        }
    }

    private sealed record Entry(string UserId, string StreamId, string Path, string FileName, DateTimeOffset Expires, bool IsReport);
}
