using System.Security.Cryptography;
using Callbook.Api.Auth;
using Callbook.Api.Errors;
using Callbook.Errors;
using Callbook.Stores;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Callbook.Api.Idempotency;

/// <summary>
/// Idempotency-Key on create, import, bulk update and bulk delete: the first request with a key
/// claims it and its answer is stored; a retry with the same key and body within 24 h gets that
/// answer back byte for byte and changes nothing; the same key with another body is a 422. A retry
/// racing the first request waits for its answer. Keys are per app and stream.
/// </summary>
public sealed class IdempotencyFilter(IIdempotencyStore store, Caller caller, ILogger<IdempotencyFilter> logger) : IEndpointFilter
{
    public const string Header = "Idempotency-Key";
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);
    private static readonly TimeSpan StaleClaim = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan WaitForFirst = TimeSpan.FromSeconds(30);

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var values = http.Request.Headers[Header];
        if (values.Count == 0)
        {
            return await next(context);
        }
        var keyText = values.ToString();
        if (values.Count > 1 || keyText.Length is 0 or > 255 || keyText.Any(c => c is < '!' or > '~'))
        {
            return ApiResults.BadRequest("Idempotency-Key must be 1 to 255 visible ASCII characters", ErrorCodes.InvalidIdempotencyKey, Header);
        }
        var cancellationToken = http.RequestAborted;
        var key = new IdempotencyKey(caller.ClientId!, caller.Scope.StreamId, keyText);
        var hash = await HashRequestAsync(http.Request, cancellationToken);

        var claim = await store.ClaimAsync(key, hash, Retention, StaleClaim, cancellationToken);
        var waited = TimeSpan.Zero;
        while (claim.State == ClaimState.InProgress && waited < WaitForFirst && claim.RequestHash.AsSpan().SequenceEqual(hash))
        {
            await Task.Delay(100, cancellationToken);
            waited += TimeSpan.FromMilliseconds(100);
            claim = await store.ClaimAsync(key, hash, Retention, StaleClaim, cancellationToken);
        }
        if (claim.State != ClaimState.Claimed)
        {
            if (!claim.RequestHash.AsSpan().SequenceEqual(hash))
            {
                return ApiResults.Error<UnprocessableError>(
                    "this Idempotency-Key was used with another request body", ErrorCodes.IdempotencyKeyReused, Header);
            }
            if (claim.State == ClaimState.InProgress)
            {
                return ApiResults.Error<ConflictError>(
                    "a request with this Idempotency-Key is still running; retry later", ErrorCodes.IdempotencyKeyInUse, Header);
            }
            http.Response.Headers["Idempotent-Replayed"] = "true";
            return new Replay(claim.Answer!);
        }

        return await RunAndRecordAsync(context, next, key);
    }

    /// <summary>Runs the endpoint with its answer captured, stores the answer, then sends it.</summary>
    private async Task<object?> RunAndRecordAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next, IdempotencyKey key)
    {
        var http = context.HttpContext;
        var original = http.Response.Body;
        await using var captured = new MemoryStream();
        http.Response.Body = captured;
        try
        {
            var result = await next(context);
            if (result is IResult answer)
            {
                await answer.ExecuteAsync(http);
            }
            if (http.Response.StatusCode >= 500)
            {
                await store.ReleaseAsync(key, CancellationToken.None);
            }
            else
            {
                // A contact erased while this ran is not kept in its stored answer (the live answer still goes out).
                await store.CompleteAsync(key, new IdempotentAnswer(http.Response.StatusCode, http.Response.ContentType ?? "application/json", captured.ToArray()),
                    Contacts.EraseContact.ErasedAnswer, CancellationToken.None);
            }
        }
        catch
        {
            await store.ReleaseAsync(key, CancellationToken.None);
            throw;
        }
        finally
        {
            http.Response.Body = original;
        }
        captured.Position = 0;
        await captured.CopyToAsync(original, http.RequestAborted);
        logger.LogDebug("Recorded the answer for an idempotency key of {StreamId}", key.StreamId);
        return Results.Empty;
    }

    /// <summary>
    /// SHA-256 of the method, path, query and body. For multipart uploads the parts are hashed
    /// (their headers and content), not the raw body, whose random boundary differs on every retry.
    /// </summary>
    private static async Task<byte[]> HashRequestAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        request.EnableBuffering();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes($"{request.Method} {request.Path}{request.QueryString}\n"));
        var buffer = new byte[64 * 1024];
        if (MediaTypeHeaderValue.TryParse(request.ContentType, out var type) && type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            && HeaderUtilities.RemoveQuotes(type.Boundary).Value is { Length: > 0 and <= 200 } boundary)
        {
            try
            {
                var reader = new MultipartReader(boundary, request.Body);
                while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
                {
                    hash.AppendData(System.Text.Encoding.UTF8.GetBytes(section.ContentDisposition + "\n"));
                    await AppendAsync(hash, section.Body, buffer, cancellationToken);
                }
            }
            catch (Exception e) when (e is IOException or InvalidDataException)
            {
                // A malformed body: the endpoint will say so; the hash of what was read still identifies it.
            }
        }
        else
        {
            await AppendAsync(hash, request.Body, buffer, cancellationToken);
        }
        request.Body.Position = 0;
        return hash.GetHashAndReset();
    }

    private static async Task AppendAsync(IncrementalHash hash, Stream stream, byte[] buffer, CancellationToken cancellationToken)
    {
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
        {
            hash.AppendData(buffer, 0, read);
        }
    }
}

/// <summary>Sends a stored answer again, byte for byte.</summary>
internal sealed class Replay(IdempotentAnswer answer) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = answer.Status;
        httpContext.Response.ContentType = answer.ContentType;
        httpContext.Response.ContentLength = answer.Body.Length;
        return httpContext.Response.Body.WriteAsync(answer.Body, httpContext.RequestAborted).AsTask();
    }
}
