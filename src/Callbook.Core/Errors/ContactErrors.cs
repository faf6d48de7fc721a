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

    public static ApiError InvalidId(int? index = null) =>
        new("id must be 24 lowercase hexadecimal characters", ErrorCodes.InvalidId, "id", index);
}
