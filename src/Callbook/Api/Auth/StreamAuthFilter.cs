using System.Globalization;
using Callbook.Api.Errors;
using Callbook.Errors;
using Callbook.Hosting.OpenApi;
using Callbook.Stores;
using Callbook.Tenancy;
using Microsoft.OpenApi;

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
        if (http.Request.Headers["auth"].Count > 1 || http.Request.Headers.Authorization.Count > 1)
        {
            return Unauthorized("send one token: the auth (or Authorization) header is given more than once");
        }
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
        if (http.Request.Headers["accountId"].Count > 1)
        {
            return ApiResults.BadRequest("the accountId header is given more than once: send it once", ErrorCodes.InvalidAccountId, "accountId");
        }
        var accountId = http.Request.Headers["accountId"].ToString();
        if (accountId.Length == 0)
        {
            return ApiResults.BadRequest("the accountId header is required", ErrorCodes.MissingAccountId, "accountId");
        }
        if (!Ids.IsHex24(accountId))
        {
            return ApiResults.BadRequest("the accountId header must be 24 lowercase hexadecimal characters", ErrorCodes.InvalidAccountId, "accountId");
        }
        if (!string.Equals(app.AccountId, accountId, StringComparison.Ordinal))
        {
            return Forbidden("the token's app does not belong to this account");
        }
        var streamId = http.Request.RouteValues["streamId"] as string ?? "";
        var stream = streamId.Length <= 64 ? await tenancy.FindStreamAccessAsync(streamId, app.ClientId, cancellationToken) : null;
        if (stream is null || !string.Equals(stream.AccountId, accountId, StringComparison.Ordinal))
        {
            return ApiResults.Error<NotFoundError>("the stream was not found in this account", ErrorCodes.NotFound, "streamId");
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
            return ApiResults.Error<TooManyRequestsError>(RateLimits.Message, ErrorCodes.RateLimited);
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

    private static UnauthorizedError Unauthorized(string msg) => ApiResults.Error<UnauthorizedError>(msg, ErrorCodes.Unauthorized);

    private static ForbiddenError Forbidden(string msg) => ApiResults.Error<ForbiddenError>(msg, ErrorCodes.Forbidden);
}

/// <summary>Putting <see cref="StreamAuthFilter"/> on a group, with what it reads and answers documented.</summary>
public static class StreamAuth
{
    /// <summary>The route parameter the filter resolves.</summary>
    public static readonly DocumentedParameter StreamId = new("streamId", ParameterLocation.Path,
        "The stream (bot instance) the contacts belong to: st- and a UUID, as `callbook streams list` shows it. Reported as instanceBotId.");

    /// <summary>The header the filter checks against the token's app.</summary>
    public static readonly DocumentedParameter AccountId = new("accountId", ParameterLocation.Header,
        "The account id: 24 lowercase hexadecimal characters. The token's app must belong to this account.", Required: true, Pattern: "^[0-9a-f]{24}$");

    /// <summary>
    /// Adds the filter to every endpoint of <paramref name="group"/>, with its parameters and its answers:
    /// 400 (accountId missing or malformed), 401, 403, 404 (stream) and 429 (rate limit).
    /// </summary>
    public static RouteGroupBuilder RequireStreamAuth(this RouteGroupBuilder group)
    {
        group.AddEndpointFilter<StreamAuthFilter>().WithMetadata(StreamId, AccountId);
        ((IEndpointConventionBuilder)group).Add(endpoint => ErrorResult.Document(endpoint,
            StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden,
            StatusCodes.Status404NotFound, StatusCodes.Status429TooManyRequests));
        return group;
    }
}
