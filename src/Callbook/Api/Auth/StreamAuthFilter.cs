using System.Globalization;
using Callbook.Api.Errors;
using Callbook.Errors;
using Callbook.Stores;
using Callbook.Tenancy;

namespace Callbook.Api.Auth;

/// <summary>
/// Section 2 for every route under <c>/{streamId}</c>: token → 401, accountId header → 400,
/// app of another account → 403, stream unknown in the caller's account → 404 (a stream of
/// another account looks exactly the same), no Configuration scope → 403; then the rate limit.
/// </summary>
public sealed class StreamAuthFilter(Tokens tokens, IAuthStore tenancy, RateLimits rateLimits, Caller caller, Hosting.Metrics.CallbookMetrics metrics) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var cancellationToken = http.RequestAborted;
        var token = ReadToken(http.Request);
        if (token is null)
        {
            return Unauthorized("send a JWT in the auth header (or Authorization: Bearer)");
        }
        var check = await tokens.ValidateAsync(token, cancellationToken);
        if (check.App is not { } app)
        {
            return Unauthorized(check.Error!);
        }
        var accountId = http.Request.Headers["accountId"].ToString();
        if (accountId.Length == 0)
        {
            return ApiResults.Error(StatusCodes.Status400BadRequest, "the accountId header is required", ErrorCodes.MissingAccountId, "accountId");
        }
        if (!Ids.IsHex24(accountId))
        {
            return ApiResults.Error(StatusCodes.Status400BadRequest, "the accountId header must be 24 lowercase hexadecimal characters", ErrorCodes.InvalidAccountId, "accountId");
        }
        if (!string.Equals(app.AccountId, accountId, StringComparison.Ordinal))
        {
            return Forbidden("the token's app does not belong to this account");
        }
        var streamId = http.Request.RouteValues["streamId"] as string ?? "";
        var stream = streamId.Length <= 64 ? await tenancy.FindStreamAccessAsync(streamId, app.ClientId, cancellationToken) : null;
        if (stream is null || !string.Equals(stream.AccountId, accountId, StringComparison.Ordinal))
        {
            return ApiResults.Error(StatusCodes.Status404NotFound, "the stream was not found in this account", ErrorCodes.NotFound, "streamId");
        }
        if (!stream.HasConfigurationScope)
        {
            return Forbidden("the app lacks the Configuration scope on this stream");
        }
        caller.Set(app, stream);

        var decision = rateLimits.Acquire(app, stream.StreamId);
        if (!decision.Acquired)
        {
            metrics.RateLimited.Add(1);
            // Whole seconds, rounded up, so a client that waits exactly this long is let through.
            var seconds = Math.Clamp(Math.Ceiling(decision.RetryAfter.TotalSeconds), 1, int.MaxValue);
            http.Response.Headers.RetryAfter = ((long)seconds).ToString(CultureInfo.InvariantCulture);
            return ApiResults.Error(StatusCodes.Status429TooManyRequests, RateLimits.Message, ErrorCodes.RateLimited);
        }
        return await next(context);
    }

    private static string? ReadToken(HttpRequest request)
    {
        var auth = request.Headers["auth"].ToString();
        if (auth.Length > 0)
        {
            return auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? auth[7..].Trim() : auth.Trim();
        }
        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..].Trim() : null;
    }

    private static IResult Unauthorized(string msg) =>
        ApiResults.Error(StatusCodes.Status401Unauthorized, msg, ErrorCodes.Unauthorized);

    private static IResult Forbidden(string msg) =>
        ApiResults.Error(StatusCodes.Status403Forbidden, msg, ErrorCodes.Forbidden);
}
