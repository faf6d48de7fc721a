using Callbook.Api.Auth;
using Callbook.Api.Errors;
using Callbook.Api.Idempotency;
using Callbook.Api.Requests;

namespace Callbook.Api;

/// <summary>
/// The parent route group <c>/agentassist/api/v1/public/{streamId}</c>: every resource of a stream
/// (contacts, webhooks, …) is mapped under it, so the filter pipeline of the public API is set here
/// once, in the order it runs: authentication, tenancy and the rate limit (<see cref="StreamAuthFilter"/>),
/// then Idempotency-Key on the endpoints that take it, then the request parts (path ids, query, body,
/// <see cref="IRequestPart"/>) each handler declares. Each step documents the parameters it reads and the errors it can answer.
/// </summary>
public static class StreamApi
{
    public const string Prefix = "/agentassist/api/v1/public/{streamId}";

    /// <summary>Maps the group; resource groups hang off the returned builder.</summary>
    public static RouteGroupBuilder MapStreamApi(this IEndpointRouteBuilder routes) =>
        routes.MapGroup(Prefix)
            .RequireStreamAuth()
            .AddIdempotency()
            .ReadRequestParts()
            // 500: a bug, answered by the exception handler (the body carries the request id).
            .WithMetadata(ErrorResult.Metadata(StatusCodes.Status500InternalServerError));
}
