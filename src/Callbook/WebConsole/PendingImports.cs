using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Callbook.WebConsole;

/// <summary>
/// Uploads that failed as a whole, kept for 30 minutes so that "import the good rows" needs no second
/// upload. A file is bound to the user and stream that sent it, and taken once. It lives on the
/// node that received it (behind a load balancer without affinity the user is asked to upload again).
/// </summary>
public sealed class PendingImports(TimeProvider clock) : IDisposable
{
    private static readonly TimeSpan Keep = TimeSpan.FromMinutes(30);
    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);

    /// <summary>Moves the file in and returns its id.</summary>
    public string Add(string userId, string streamId, string path, string fileName)
    {
        Sweep();
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        entries[id] = new Entry(userId, streamId, path, fileName, clock.GetUtcNow() + Keep);
        return id;
    }

    /// <summary>The file's path and name when the id is the user's for this stream and not expired; the caller deletes the file.</summary>
    public (string Path, string FileName)? Take(string id, string userId, string streamId)
    {
        if (!entries.TryGetValue(id, out var entry) || entry.UserId != userId || entry.StreamId != streamId)
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

    public void Dispose()
    {
        foreach (var entry in entries.Values)
        {
            File.Delete(entry.Path);
        }
        entries.Clear();
    }

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

    private sealed record Entry(string UserId, string StreamId, string Path, string FileName, DateTimeOffset Expires);
}
