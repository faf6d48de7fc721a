namespace Callbook.Errors;

/// <summary>Errors that more than one layer builds.</summary>
public static class ContactErrors
{
    public static ApiError PhoneInUse(string field, string? holderId, int? index, int? row) => new(
        holderId is null
            ? "the phone number is already in use by another active contact"
            : $"the phone number is already in use by contact {holderId}",
        ErrorCodes.PhoneInUse, field, index, row, holderId);

    public static ApiError NotFound(string id, int? index = null) =>
        new($"contact {id} was not found", ErrorCodes.NotFound, "id", index, null, null);

    /// <summary>The contact was erased: its data is gone for good, only the tombstone (who, when) remains.</summary>
    public static ApiError Erased(string id, DateTimeOffset erasedAt, int? index = null) =>
        new($"contact {id} was erased at {erasedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture)}; its data is gone and cannot be restored",
            ErrorCodes.ContactErased, "id", index, null, id);

    public static ApiError InvalidId(int? index = null) =>
        new("id must be 24 lowercase hexadecimal characters", ErrorCodes.InvalidId, "id", index);
}
