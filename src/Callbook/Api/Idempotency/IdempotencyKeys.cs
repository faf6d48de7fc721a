using Callbook.Api.Errors;
using Callbook.Hosting.OpenApi;
using Microsoft.OpenApi;

namespace Callbook.Api.Idempotency;

/// <summary>
/// Where <see cref="IdempotencyFilter"/> runs: on the endpoints marked with <see cref="WithIdempotency"/>,
/// in the place of the filter pipeline the group sets with <see cref="AddIdempotency"/> (after
/// authentication, before the request body is read).
/// </summary>
public static class IdempotencyKeys
{
    /// <summary>The header the filter reads.</summary>
    public static readonly DocumentedParameter KeyParameter = new(IdempotencyFilter.Header, ParameterLocation.Header,
        "1 to 255 visible ASCII characters. A retry with the same key and body within 24 h gets the first answer back byte for byte; " +
        "the same key with another body is answered 422, a retry while the first is still running waits for it.");

    /// <summary>
    /// Marks an endpoint as taking Idempotency-Key, and documents the header and the filter's answers:
    /// 400 (a malformed key), 409 (the first request is still running past the wait), 422 (another body).
    /// </summary>
    public static TBuilder WithIdempotency<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(IdempotentEndpoint.Instance, KeyParameter);
        builder.Add(endpoint => ErrorResult.Document(endpoint,
            StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity));
        return builder;
    }

    /// <summary>Adds the filter to every endpoint of <paramref name="group"/> that is marked with <see cref="WithIdempotency"/>.</summary>
    public static RouteGroupBuilder AddIdempotency(this RouteGroupBuilder group)
    {
        var create = ActivatorUtilities.CreateFactory<IdempotencyFilter>([]);
        // The factory runs once the endpoint's own conventions (and so its mark) are in place.
        ((IEndpointConventionBuilder)group).Add(endpoint => endpoint.FilterFactories.Add((_, next) =>
            endpoint.Metadata.OfType<IdempotentEndpoint>().Any()
                ? invocation => create(invocation.HttpContext.RequestServices, null).InvokeAsync(invocation, next)
                : next));
        return group;
    }

    /// <summary>The endpoint metadata that marks an endpoint as taking Idempotency-Key.</summary>
    private sealed class IdempotentEndpoint
    {
        public static readonly IdempotentEndpoint Instance = new();
    }
}
