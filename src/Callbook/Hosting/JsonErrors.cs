using Callbook.Api.Errors;
using Callbook.Errors;
using Microsoft.AspNetCore.Diagnostics;

namespace Callbook.Hosting;

/// <summary>Every error is JSON: unhandled exceptions (500 with the request id; 503 when the database cannot serve now), bad HTTP, unknown routes and methods.</summary>
public static class JsonErrors
{
    public static IApplicationBuilder UseJsonErrors(this IApplicationBuilder app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            // The exception handler middleware already logs the exception with the request's trace id.
            ExceptionHandler = context =>
            {
                var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
                return error switch
                {
                    BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => ApiResults.WriteAsync(context, 413,
                        new ApiError("the request body is larger than the configured limit", ErrorCodes.PayloadTooLarge)),
                    BadHttpRequestException { StatusCode: StatusCodes.Status408RequestTimeout } => ApiResults.WriteAsync(context, 408,
                        new ApiError("the request body did not arrive in time: it stopped before its announced length or came too slowly", ErrorCodes.RequestTimeout)),
                    BadHttpRequestException bad => ApiResults.WriteAsync(context, bad.StatusCode,
                        new ApiError("the request is malformed", ErrorCodes.BadRequest)),
                    OperationCanceledException when context.RequestAborted.IsCancellationRequested => Task.CompletedTask,
                    { } e when Storage.DatabaseFaults.IsUnavailable(e) => Unavailable(context),
                    _ => ApiResults.WriteAsync(context, 500,
                        new ApiError($"internal error; request id {context.TraceIdentifier}", ErrorCodes.InternalError)),
                };
            },
        });
        app.UseStatusCodePages(async statusContext =>
        {
            var context = statusContext.HttpContext;
            var error = context.Response.StatusCode switch
            {
                404 => new ApiError("no such route", ErrorCodes.RouteNotFound),
                405 => new ApiError($"method {context.Request.Method} is not allowed on this route", ErrorCodes.MethodNotAllowed),
                413 => new ApiError("the request body is larger than the configured limit", ErrorCodes.PayloadTooLarge),
                415 => new ApiError($"unsupported content type {context.Request.ContentType ?? "(none)"}: this endpoint takes application/json", ErrorCodes.UnsupportedMediaType),
                var status => new ApiError($"request failed with status {status}", ErrorCodes.BadRequest),
            };
            await ApiResults.WriteAsync(context, context.Response.StatusCode, error);
        });
        return app;
    }

    /// <summary>
    /// 503 with <c>Retry-After: 1</c> (seconds): the database cannot take the request now. Not a bug,
    /// so not a 500. A write that failed this way may be retried with the same Idempotency-Key.
    /// </summary>
    private static Task Unavailable(HttpContext context)
    {
        context.Response.Headers.RetryAfter = "1";
        return ApiResults.WriteAsync(context, 503,
            new ApiError($"the database cannot take this request now; retry later (request id {context.TraceIdentifier})", ErrorCodes.Unavailable));
    }
}
