using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Routing.Template;

namespace Callbook.Hosting.Metrics;

/// <summary>
/// The route template a request is counted and logged under (never its raw path, which can carry
/// phone numbers). A request that failed on a real route keeps that route's template: a 500 (the
/// exception handler clears the endpoint but remembers it), and routing's own 405 and 415 answers
/// (which replace the route with an endpoint of their own) are matched back to the route whose
/// path they hit. Only a path no route matches is <see cref="Unmatched"/>.
/// </summary>
public sealed class RouteLabels(EndpointDataSource endpoints)
{
    public const string Unmatched = "(unmatched)";

    private readonly Lazy<IReadOnlyList<Route>> routes = new(() => endpoints.Endpoints
        .OfType<RouteEndpoint>()
        .Select(e => new RouteTemplate(e.RoutePattern))
        .Select(t => new Route(t.TemplateText ?? "", new TemplateMatcher(t, new RouteValueDictionary()), RoutePrecedence.ComputeInbound(t)))
        .DistinctBy(r => r.Text)
        // Most specific first: a literal segment (contacts/bulk-delete) before a parameter (contacts/{id}).
        .OrderBy(r => r.Precedence)
        .ToList());

    public string For(HttpContext context)
    {
        if (context.GetEndpoint() is RouteEndpoint route)
        {
            return route.RoutePattern.RawText ?? Unmatched;
        }
        if (context.Features.Get<IExceptionHandlerFeature>()?.Endpoint is RouteEndpoint failed)
        {
            return failed.RoutePattern.RawText ?? Unmatched;
        }
        if (context.GetEndpoint() is null)
        {
            return Unmatched;
        }
        var path = context.Request.Path;
        var values = new RouteValueDictionary();
        foreach (var candidate in routes.Value)
        {
            values.Clear();
            if (candidate.Matcher.TryMatch(path, values))
            {
                return "/" + candidate.Text.TrimStart('/');
            }
        }
        return Unmatched;
    }

    private sealed record Route(string Text, TemplateMatcher Matcher, decimal Precedence);
}
