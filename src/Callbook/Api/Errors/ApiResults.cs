using Callbook.Api.Json;
using Callbook.Errors;

namespace Callbook.Api.Errors;

/// <summary>The one place that turns errors into the vendor-compatible body <c>{"errors":[…]}</c>.</summary>
public static class ApiResults
{
    public static ErrorResult Error(int status, IReadOnlyList<ApiError> errors) => new(status, new ErrorBody(errors));

    public static ErrorResult Error(int status, string msg, string code, string? field = null) =>
        Error(status, [new ApiError(msg, code, field)]);

    /// <summary>The error body as UTF-8 bytes, for answers stored to be replayed later (idempotency).</summary>
    public static byte[] ErrorBytes(IReadOnlyList<ApiError> errors) =>
        System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new ErrorBody(errors), CallbookJson.Context.ErrorBody);

    public static ErrorResult BadRequest(IReadOnlyList<ApiError> errors) => Error(StatusCodes.Status400BadRequest, errors);

    public static ErrorResult NotFound(string id) => Error(StatusCodes.Status404NotFound, [ContactErrors.NotFound(id)]);

    public static ErrorResult InvalidId() => Error(StatusCodes.Status400BadRequest, [ContactErrors.InvalidId()]);

    public static ErrorResult TooManyRecords(int max) =>
        Error(StatusCodes.Status400BadRequest, $"a request may carry at most {max} records", ErrorCodes.TooManyRecords);

    /// <summary>Writes an error straight to the response, for middleware that runs outside endpoints.</summary>
    public static Task WriteAsync(HttpContext context, int status, ApiError error)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsJsonAsync(new ErrorBody([error]), CallbookJson.Context.ErrorBody, "application/json", context.RequestAborted);
    }
}

/// <summary>
/// An error answer: <c>{"errors":[…]}</c> with its status. Its statuses vary, so endpoints document
/// them with <c>ProducesErrors</c>; handlers return it as the error case of <c>Results&lt;…&gt;</c>.
/// </summary>
public sealed class ErrorResult(int statusCode, ErrorBody body) : IResult, IStatusCodeHttpResult, IValueHttpResult<ErrorBody>
{
    public int? StatusCode => statusCode;

    public ErrorBody Value => body;

    public Task ExecuteAsync(HttpContext httpContext) =>
        Results.Json(body, CallbookJson.Context.ErrorBody, contentType: "application/json", statusCode: statusCode).ExecuteAsync(httpContext);
}
