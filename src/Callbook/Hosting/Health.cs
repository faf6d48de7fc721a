using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Callbook.Hosting;

public static class Health
{
    /// <summary>/healthz: the process answers. /readyz: the database answers too. GET and HEAD only: another method is a 405 with <c>Allow</c>.</summary>
    public static void MapHealth(this IEndpointRouteBuilder routes)
    {
        // MapHealthChecks answers every method; routing's method check gives the 405 and its Allow header.
        var readOnly = new HttpMethodMetadata([HttpMethods.Get, HttpMethods.Head]);
        routes.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync }).WithTags("Health").WithMetadata(readOnly);
        routes.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = WriteAsync }).WithTags("Health").WithMetadata(readOnly);
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(report.Status == HealthStatus.Healthy ? "{\"status\":\"ok\"}" : "{\"status\":\"unavailable\"}");
    }
}
