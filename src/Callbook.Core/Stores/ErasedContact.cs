namespace Callbook.Stores;

/// <summary>
/// What remains of an erased contact (a data-subject erasure, GDPR art. 17): its id and stream,
/// when it was created and erased and by whom. No name, number or other personal field.
/// </summary>
/// <param name="Version">The version the erasure brought the contact to (its <c>contact.erased</c> event id ends with it).</param>
/// <param name="ErasedBy">User id of the app owner (or console user) who erased it.</param>
/// <param name="ErasedByAId">Actor id of the app that erased it.</param>
public sealed record ErasedContact(
    string Id,
    string StreamId,
    long Version,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    string CreatedByAId,
    DateTimeOffset ErasedAt,
    string ErasedBy,
    string ErasedByAId);

public enum EraseOutcome
{
    /// <summary>Erased now.</summary>
    Erased,
    /// <summary>Erased by an earlier request: nothing changed, the tombstone is returned.</summary>
    AlreadyErased,
    /// <summary>No contact and no tombstone with this id in the stream.</summary>
    NotFound,
}

/// <param name="Tombstone">Set unless <see cref="EraseOutcome.NotFound"/>.</param>
public sealed record EraseResult(EraseOutcome Outcome, ErasedContact? Tombstone);
