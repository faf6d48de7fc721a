using System.Reflection;
using Callbook.Api.Json;
using Microsoft.AspNetCore.Http.Metadata;

namespace Callbook.Api.Errors;

/// <summary>
/// An error answer: <c>{"errors":[…]}</c> with its status. Each status has its own sealed type
/// (<see cref="BadRequestError"/>, <see cref="NotFoundError"/>, …) that documents itself in the
/// OpenAPI document, so an endpoint's errors are the error types its handler returns inside
/// <c>Results&lt;…&gt;</c> (and those its filters and request parts declare).
/// </summary>
public abstract class ErrorResult(int statusCode, ErrorBody body) : IResult, IStatusCodeHttpResult, IValueHttpResult, IValueHttpResult<ErrorBody>
{
    public int? StatusCode => statusCode;

    public ErrorBody Value => body;

    object? IValueHttpResult.Value => body;

    public Task ExecuteAsync(HttpContext httpContext) =>
        Results.Json(body, CallbookJson.Context.ErrorBody, contentType: "application/json", statusCode: statusCode).ExecuteAsync(httpContext);

    /// <summary>The OpenAPI metadata of an error status: the <see cref="ErrorBody"/> as application/json.</summary>
    public static ProducesResponseTypeMetadata Metadata(int status) => new(status, typeof(ErrorBody), ["application/json"]);

    /// <summary>Adds <see cref="Metadata"/> for each status to an endpoint or group (for answers that no handler returns: filters, middleware).</summary>
    public static void Document(EndpointBuilder builder, params int[] statuses)
    {
        foreach (var status in statuses)
        {
            builder.Metadata.Add(Metadata(status));
        }
    }
}

/// <summary>An error answer type of one status: makes its answers and documents them.</summary>
/// <typeparam name="TSelf">The type itself.</typeparam>
public interface IErrorResult<TSelf> : IEndpointMetadataProvider
    where TSelf : ErrorResult, IErrorResult<TSelf>
{
    /// <summary>The HTTP status of every answer of this type.</summary>
    static abstract int Status { get; }

    /// <summary>An answer with this body.</summary>
    static abstract TSelf Create(ErrorBody body);
}

/// <summary>400: a malformed request, an invalid field, id or query parameter.</summary>
public sealed class BadRequestError(ErrorBody body) : ErrorResult(StatusCodes.Status400BadRequest, body), IErrorResult<BadRequestError>
{
    public static int Status => StatusCodes.Status400BadRequest;

    public static BadRequestError Create(ErrorBody body) => new(body);

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => builder.Metadata.Add(Metadata(Status));
}

/// <summary>401: no token, or one that cannot be verified.</summary>
public sealed class UnauthorizedError(ErrorBody body) : ErrorResult(StatusCodes.Status401Unauthorized, body), IErrorResult<UnauthorizedError>
{
    public static int Status => StatusCodes.Status401Unauthorized;

    public static UnauthorizedError Create(ErrorBody body) => new(body);

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => builder.Metadata.Add(Metadata(Status));
}

/// <summary>403: the token's app may not act on this account or stream.</summary>
public sealed class ForbiddenError(ErrorBody body) : ErrorResult(StatusCodes.Status403Forbidden, body), IErrorResult<ForbiddenError>
{
    public static int Status => StatusCodes.Status403Forbidden;

    public static ForbiddenError Create(ErrorBody body) => new(body);

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => builder.Metadata.Add(Metadata(Status));
}

/// <summary>404: no such stream, contact, webhook or delivery in the caller's account.</summary>
public sealed class NotFoundError(ErrorBody body) : ErrorResult(StatusCodes.Status404NotFound, body), IErrorResult<NotFoundError>
{
    public static int Status => StatusCodes.Status404NotFound;

    public static NotFoundError Create(ErrorBody body) => new(body);

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => builder.Metadata.Add(Metadata(Status));
}

/// <summary>409: the write conflicts with the stored state (a phone number in use, a limit reached, a key still in use).</summary>
public sealed class ConflictError(ErrorBody body) : ErrorResult(StatusCodes.Status409Conflict, body), IErrorResult<ConflictError>
{
    public static int Status => StatusCodes.Status409Conflict;

    public static ConflictError Create(ErrorBody body) => new(body);

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => builder.Metadata.Add(Metadata(Status));
}

/// <summary>410: the contact has been erased (<c>CONTACT_ERASED</c>).</summary>
public sealed class GoneError(ErrorBody body) : ErrorResult(StatusCodes.Status410Gone, body), IErrorResult<GoneError>
{
    public static int Status => StatusCodes.Status410Gone;

    public static GoneError Create(ErrorBody body) => new(body);

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => builder.Metadata.Add(Metadata(Status));
}

/// <summary>412: If-Match (or a bulk record's version) does not name the contact's current version; the ETag header carries it.</summary>
public sealed class PreconditionFailedError(ErrorBody body) : ErrorResult(StatusCodes.Status412PreconditionFailed, body), IErrorResult<PreconditionFailedError>
{
    public static int Status => StatusCodes.Status412PreconditionFailed;

    public static PreconditionFailedError Create(ErrorBody body) => new(body);

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => builder.Metadata.Add(Metadata(Status));
}

/// <summary>413: the body or the uploaded file is larger than the configured limit.</summary>
public sealed class PayloadTooLargeError(ErrorBody body) : ErrorResult(StatusCodes.Status413PayloadTooLarge, body), IErrorResult<PayloadTooLargeError>
{
    public static int Status => StatusCodes.Status413PayloadTooLarge;

    public static PayloadTooLargeError Create(ErrorBody body) => new(body);

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => builder.Metadata.Add(Metadata(Status));
}

/// <summary>415: the body is not of the media type (or charset) the endpoint reads.</summary>
public sealed class UnsupportedMediaTypeError(ErrorBody body) : ErrorResult(StatusCodes.Status415UnsupportedMediaType, body), IErrorResult<UnsupportedMediaTypeError>
{
    public static int Status => StatusCodes.Status415UnsupportedMediaType;

    public static UnsupportedMediaTypeError Create(ErrorBody body) => new(body);

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => builder.Metadata.Add(Metadata(Status));
}

/// <summary>422: an Idempotency-Key reused with another request body.</summary>
public sealed class UnprocessableError(ErrorBody body) : ErrorResult(StatusCodes.Status422UnprocessableEntity, body), IErrorResult<UnprocessableError>
{
    public static int Status => StatusCodes.Status422UnprocessableEntity;

    public static UnprocessableError Create(ErrorBody body) => new(body);

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => builder.Metadata.Add(Metadata(Status));
}

/// <summary>429: the app's rate limit on this stream is reached; Retry-After says when to try again.</summary>
public sealed class TooManyRequestsError(ErrorBody body) : ErrorResult(StatusCodes.Status429TooManyRequests, body), IErrorResult<TooManyRequestsError>
{
    public static int Status => StatusCodes.Status429TooManyRequests;

    public static TooManyRequestsError Create(ErrorBody body) => new(body);

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => builder.Metadata.Add(Metadata(Status));
}
