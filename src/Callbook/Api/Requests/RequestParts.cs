using Callbook.Api.Errors;

namespace Callbook.Api.Requests;

/// <summary>
/// A part of the request a handler takes as a parameter (a path id, the query, the body) that the
/// framework binds without ever refusing it, and that then checks (or reads) itself before the
/// handler runs. Its refusals are Callbook's own <c>{"errors":[…]}</c> answers, never the
/// framework's, and the type documents what it reads and how it can refuse in the OpenAPI document.
/// </summary>
public interface IRequestPart
{
    /// <summary>Checks or reads the part; an error answer, or null when the handler may use it.</summary>
    ValueTask<ErrorResult?> ReadAsync(HttpContext context, CancellationToken cancellationToken);
}

/// <summary>The filter that reads every <see cref="IRequestPart"/> of a handler, in the order of its parameters; the first refusal is the answer.</summary>
public static class RequestParts
{
    /// <summary>
    /// Adds the filter to a group. It runs after the filters added to the group before it (authentication,
    /// idempotency), so no body is read for a request that is refused or answered from the idempotency store.
    /// </summary>
    public static TBuilder ReadRequestParts<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilterFactory(Create);

    private static EndpointFilterDelegate Create(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        var parameters = context.MethodInfo.GetParameters();
        var parts = Enumerable.Range(0, parameters.Length)
            .Where(i => typeof(IRequestPart).IsAssignableFrom(parameters[i].ParameterType))
            .ToArray();
        if (parts.Length == 0)
        {
            return next;
        }
        return async invocation =>
        {
            var http = invocation.HttpContext;
            foreach (var index in parts)
            {
                if (invocation.Arguments[index] is IRequestPart part && await part.ReadAsync(http, http.RequestAborted) is { } refused)
                {
                    return refused;
                }
            }
            return await next(invocation);
        };
    }
}
