using Callbook.Api.Json;
using Callbook.Errors;

namespace Callbook.Api.Errors;

/// <summary>The one place that turns errors into the vendor-compatible body <c>{"errors":[…]}</c>.</summary>
public static class ApiResults
{
    /// <summary>An error answer of the status <typeparamref name="T"/> stands for, e.g. <c>Error&lt;ConflictError&gt;(errors)</c>.</summary>
    public static T Error<T>(IReadOnlyList<ApiError> errors)
        where T : ErrorResult, IErrorResult<T> => T.Create(new ErrorBody(errors));

    /// <summary>An error answer with one error.</summary>
    public static T Error<T>(string msg, string code, string? field = null)
        where T : ErrorResult, IErrorResult<T> => Error<T>([new ApiError(msg, code, field)]);

    /// <summary>The error body as UTF-8 bytes, for answers stored to be replayed later (idempotency).</summary>
    public static byte[] ErrorBytes(IReadOnlyList<ApiError> errors) =>
        System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new ErrorBody(errors), CallbookJson.Context.ErrorBody);

    public static BadRequestError BadRequest(IReadOnlyList<ApiError> errors) => Error<BadRequestError>(errors);

    public static BadRequestError BadRequest(string msg, string code, string? field = null) => Error<BadRequestError>(msg, code, field);

    public static NotFoundError NotFound(string id) => Error<NotFoundError>([ContactErrors.NotFound(id)]);

    public static BadRequestError InvalidId() => Error<BadRequestError>([ContactErrors.InvalidId()]);

    public static BadRequestError TooManyRecords(int max) =>
        BadRequest($"a request may carry at most {max} records", ErrorCodes.TooManyRecords);

    /// <summary>Writes an error straight to the response, for middleware that runs outside endpoints.</summary>
    public static Task WriteAsync(HttpContext context, int status, ApiError error)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsJsonAsync(new ErrorBody([error]), CallbookJson.Context.ErrorBody, "application/json", context.RequestAborted);
    }
}
