namespace Callbook.Errors;

/// <summary>One entry of the vendor-compatible error body <c>{"errors":[…]}</c>.</summary>
/// <param name="Msg">A sentence for people.</param>
/// <param name="Code">A stable machine word, see <see cref="ErrorCodes"/>.</param>
/// <param name="Field">JSON path of the offending field, when one applies.</param>
/// <param name="Index">Position in a request array, when one applies.</param>
/// <param name="Row">1-based CSV data row, for imports.</param>
/// <param name="ContactId">The contact an error is about, e.g. the holder of a phone number.</param>
public sealed record ApiError(
    string Msg,
    string Code,
    string? Field = null,
    int? Index = null,
    int? Row = null,
    string? ContactId = null)
{
    public ApiError At(int index) => this with { Index = index };
    public ApiError AtRow(int row) => this with { Row = row };
}

/// <summary>The stable error codes clients can switch on.</summary>
public static class ErrorCodes
{
    public const string MalformedJson = "MALFORMED_JSON";
    public const string InvalidBody = "INVALID_BODY";
    public const string InvalidField = "INVALID_FIELD";
    public const string RequiredField = "REQUIRED_FIELD";
    public const string InvalidId = "INVALID_ID";
    public const string DuplicateId = "DUPLICATE_ID";
    public const string TooManyRecords = "TOO_MANY_RECORDS";
    public const string EmptyRequest = "EMPTY_REQUEST";
    public const string InvalidQuery = "INVALID_QUERY_PARAMETER";
    public const string InvalidCsv = "INVALID_CSV";
    public const string MoreErrors = "MORE_ERRORS";
    public const string PhoneInUse = "PHONE_IN_USE";
    public const string LimitReached = "LIMIT_REACHED";
    public const string PreconditionFailed = "PRECONDITION_FAILED";
    public const string IdempotencyKeyReused = "IDEMPOTENCY_KEY_REUSED";
    public const string IdempotencyKeyInUse = "IDEMPOTENCY_KEY_IN_USE";
    public const string InvalidIdempotencyKey = "INVALID_IDEMPOTENCY_KEY";
    public const string NotFound = "NOT_FOUND";
    public const string ContactErased = "CONTACT_ERASED";
    public const string RouteNotFound = "ROUTE_NOT_FOUND";
    public const string MethodNotAllowed = "METHOD_NOT_ALLOWED";
    public const string Unauthorized = "UNAUTHORIZED";
    public const string Forbidden = "FORBIDDEN";
    public const string MissingAccountId = "MISSING_ACCOUNT_ID";
    public const string InvalidAccountId = "INVALID_ACCOUNT_ID";
    public const string PayloadTooLarge = "PAYLOAD_TOO_LARGE";
    public const string UriTooLong = "URI_TOO_LONG";
    public const string HeadersTooLarge = "HEADERS_TOO_LARGE";
    public const string UnsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE";
    public const string RateLimited = "RATE_LIMITED";
    public const string BadRequest = "BAD_REQUEST";

    /// <summary>408: the request body stopped before its announced length, or came slower than Kestrel's minimum data rate.</summary>
    public const string RequestTimeout = "REQUEST_TIMEOUT";
    public const string InternalError = "INTERNAL_ERROR";

    /// <summary>503: the database cannot take the request now (out of connections, busy, restarting); retry after <c>Retry-After</c> seconds.</summary>
    public const string Unavailable = "SERVICE_UNAVAILABLE";
}
