namespace Callbook.Stores;

/// <summary>
/// Idempotency-Key records, per app, stream and key. A request first claims its key; the
/// claim is completed with the answer, or released when the request fails before answering.
/// </summary>
public interface IIdempotencyStore
{
    /// <summary>
    /// Claims a key for a request with the given body hash. Records older than <paramref name="retention"/>
    /// count as absent, and so do pending claims older than <paramref name="staleClaim"/> (a crashed node).
    /// </summary>
    Task<IdempotencyClaim> ClaimAsync(IdempotencyKey key, byte[] requestHash, TimeSpan retention, TimeSpan staleClaim, CancellationToken cancellationToken);

    /// <summary>
    /// Stores the answer of a claimed key. An answer that names a contact erased while the request
    /// ran (its id appears in the body and its tombstone is not older than the claim) is stored as
    /// <paramref name="erasedAnswer"/>(that id) instead: the check and the store are one step that
    /// an erasure of the stream cannot interleave with, so no stored answer outlives an erasure.
    /// </summary>
    Task CompleteAsync(IdempotencyKey key, IdempotentAnswer answer, Func<string, IdempotentAnswer> erasedAnswer, CancellationToken cancellationToken);

    /// <summary>Drops a pending claim so that a retry can run.</summary>
    Task ReleaseAsync(IdempotencyKey key, CancellationToken cancellationToken);
}

public sealed record IdempotencyKey(string ClientId, string StreamId, string Key);

public sealed record IdempotentAnswer(int Status, string ContentType, byte[] Body)
{
    /// <summary>A tombstone may be this much older than the claim it concerns (clocks of several nodes differ).</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(10);

    /// <summary>The first of <paramref name="erasedIds"/> this answer names (its body holds the id), or null.</summary>
    public string? NamedAmong(IEnumerable<string> erasedIds) =>
        erasedIds.FirstOrDefault(id => Body.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(id)) >= 0);
}

public enum ClaimState
{
    /// <summary>The key was free: this request runs and must complete or release it.</summary>
    Claimed,
    /// <summary>An earlier request with this key finished: <see cref="IdempotencyClaim.Answer"/> is its answer.</summary>
    Completed,
    /// <summary>An earlier request with this key is still running.</summary>
    InProgress,
}

/// <param name="RequestHash">The hash the key was first used with (compare to tell same body from another).</param>
public sealed record IdempotencyClaim(ClaimState State, byte[]? RequestHash, IdempotentAnswer? Answer);
