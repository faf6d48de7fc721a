using System.Text;
using Callbook.Api.Errors;
using Callbook.Errors;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Callbook.Hosting;

/// <summary>
/// The limits every request meets before any endpoint sees it, each answered with the JSON error
/// body: the request line (414 <c>URI_TOO_LONG</c>), the headers' size and count (431
/// <c>HEADERS_TOO_LARGE</c>), the number of query parameters and a parameter given twice (400
/// <c>INVALID_QUERY_PARAMETER</c>); and, for a signed-in console user, the body of a console form
/// (<see cref="UseConsoleForms"/>: a 413 page). Kestrel's own limits are set above these
/// (<see cref="CallbookLimits.ServerLimitFactor"/>), because Kestrel answers with an empty body.
/// </summary>
public static class RequestEdge
{
    public static void UseRequestEdge(this IApplicationBuilder app)
    {
        var limits = app.ApplicationServices.GetRequiredService<IOptions<CallbookLimits>>().Value;
        app.Use(async (context, next) =>
        {
            if (Refusal(context.Request, limits) is { } refusal)
            {
                await ApiResults.WriteAsync(context, refusal.Status, refusal.Error);
                return;
            }
            await next(context);
        });
    }

    /// <summary>
    /// Reads every console form up front, after sign-in is checked (an anonymous request is sent to
    /// the sign-in page without its body being read), so that the page and its antiforgery check
    /// find the form cached, never a half-read one.
    /// </summary>
    public static void UseConsoleForms(this IApplicationBuilder app)
    {
        var limits = app.ApplicationServices.GetRequiredService<IOptions<CallbookLimits>>().Value;
        app.Use(async (context, next) =>
        {
            if (IsConsoleForm(context.Request) && !await ReadConsoleFormAsync(context, limits))
            {
                return;
            }
            await next(context);
        });
    }

    private static (int Status, ApiError Error)? Refusal(HttpRequest request, CallbookLimits limits)
    {
        var target = request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path + request.QueryString;
        var line = request.Method.Length + 1 + Encoding.UTF8.GetByteCount(target) + 1 + request.Protocol.Length;
        if (line > limits.RequestLineBytes)
        {
            return (StatusCodes.Status414UriTooLong, new ApiError(
                $"the request line is {line} bytes; at most {limits.RequestLineBytes} are accepted (shorten the path or query)", ErrorCodes.UriTooLong));
        }
        var (count, bytes) = (0, 0L);
        foreach (var (name, values) in request.Headers)
        {
            foreach (var value in values)
            {
                count++;
                bytes += name.Length + Encoding.UTF8.GetByteCount(value ?? "") + 4;
            }
        }
        if (count > limits.HeaderCount || bytes > limits.HeaderBytes)
        {
            return (StatusCodes.Status431RequestHeaderFieldsTooLarge, new ApiError(
                $"the request carries {count} headers of {bytes} bytes; at most {limits.HeaderCount} headers of {limits.HeaderBytes} bytes in all are accepted", ErrorCodes.HeadersTooLarge));
        }
        if (request.Query.Count > limits.QueryParameters)
        {
            return (StatusCodes.Status400BadRequest, new ApiError($"a request may carry at most {limits.QueryParameters} query parameters", ErrorCodes.InvalidQuery));
        }
        // Query names are case-insensitive here, as every endpoint reads them.
        foreach (var (name, values) in request.Query)
        {
            if (values.Count > 1)
            {
                return (StatusCodes.Status400BadRequest, new ApiError(
                    $"the query parameter {name} is repeated ({values.Count} times); give it once", ErrorCodes.InvalidQuery, name));
            }
        }
        return null;
    }

    private static bool IsConsoleForm(HttpRequest request) =>
        request.Path.StartsWithSegments("/console", StringComparison.OrdinalIgnoreCase) && HttpMethods.IsPost(request.Method) && request.HasFormContentType;

    /// <summary>
    /// Reads a console form (sign-in, contact forms, the import upload) with the import's body
    /// limit; the form is then cached for the page. Over the limit, whether the Content-Length said
    /// so or a chunked body ran over, the answer is a 413 page saying what the limit is.
    /// </summary>
    private static async Task<bool> ReadConsoleFormAsync(HttpContext context, CallbookLimits limits)
    {
        // Kestrel's body limit (the import's, CallbookLimits.ImportBodyBytes) is the one that counts,
        // chunked or not; the form reader's own default (128 MB) would refuse a larger configured file.
        var options = new FormOptions { MultipartBodyLengthLimit = long.MaxValue };
        context.Features.Set<IFormFeature>(new FormFeature(context.Request, options));
        try
        {
            await context.Request.ReadFormAsync(context.RequestAborted);
            return true;
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
        }
        catch (InvalidDataException e)
        {
            await WritePageAsync(context, StatusCodes.Status400BadRequest, "The form could not be read: " + e.Message);
            return false;
        }
        await WritePageAsync(context, StatusCodes.Status413PayloadTooLarge,
            $"The upload is larger than the limit: a file may be at most {CallbookLimits.Describe(limits.ImportFileBytes)}. Nothing was imported or changed; go back and choose a smaller file.");
        return false;
    }

    private static Task WritePageAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.Connection = "close";
        var encoded = System.Net.WebUtility.HtmlEncode(message);
        return context.Response.WriteAsync(
            $"<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>Callbook console</title><p role=\"alert\" id=\"edge-error\">{encoded}</p><p><a href=\"javascript:history.back()\">Back</a></p></html>",
            context.RequestAborted);
    }
}
