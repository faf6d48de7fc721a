namespace Callbook.Stores;

/// <summary>One change of a contact after its creation.</summary>
/// <param name="Operation">updated, deleted, restored or erased.</param>
/// <param name="ChangesJson">A JSON array of {"field","before","after"} built by <see cref="Contacts.ContactChanges"/>.</param>
public sealed record HistoryEntry(
    DateTimeOffset At,
    string UserId,
    string AppActorId,
    string Operation,
    string ChangesJson);

public static class HistoryOperations
{
    public const string Created = "created";
    public const string Updated = "updated";
    public const string Deleted = "deleted";
    public const string Restored = "restored";
    /// <summary>The last entry of an erased contact; every earlier entry then keeps who and when, but no values.</summary>
    public const string Erased = "erased";
}
