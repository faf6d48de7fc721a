using Callbook.Api.Auth;
using Callbook.Api.Contacts;
using Callbook.Hosting.OpenApi;

namespace Callbook.Api;

/// <summary>
/// The parent route group <c>/agentassist/api/v1/public/{streamId}</c>: every resource of a stream
/// (contacts, webhooks, …) is mapped under it, so authentication, tenancy and the rate limit
/// (<see cref="StreamAuthFilter"/>) and the error answers they can give are set here once.
/// </summary>
public static class StreamApi
{
    public const string Prefix = "/agentassist/api/v1/public/{streamId}";

    /// <summary>Maps the group; resource groups hang off the returned builder.</summary>
    public static RouteGroupBuilder MapStreamApi(this IEndpointRouteBuilder routes) =>
        routes.MapGroup(Prefix)
            .AddEndpointFilter<StreamAuthFilter>()
            .WithParameters(ApiParameters.StreamId, ApiParameters.AccountId)
            // 400: a missing or malformed accountId header; 500: a bug (the body carries the request id).
            .ProducesErrors(400, 401, 403, 404, 429, 500);
}
