namespace Callbook.Storage;

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

    /// <summary>Stores the answer of a claimed key.</summary>
    Task CompleteAsync(IdempotencyKey key, IdempotentAnswer answer, CancellationToken cancellationToken);

    /// <summary>Drops a pending claim so that a retry can run.</summary>
    Task ReleaseAsync(IdempotencyKey key, CancellationToken cancellationToken);
}

public sealed record IdempotencyKey(string ClientId, string StreamId, string Key);

public sealed record IdempotentAnswer(int Status, string ContentType, byte[] Body);

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
