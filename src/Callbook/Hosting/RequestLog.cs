using System.Diagnostics;
using Callbook.Api.Auth;

namespace Callbook.Hosting;

/// <summary>
/// One structured line per request: method, route template (never the raw path or query, which
/// can carry phone numbers), status, duration, request id and app id. The request id is also
/// returned in the X-Request-Id header.
/// </summary>
public static partial class RequestLog
{
    public const string RequestIdHeader = "X-Request-Id";

    public static IApplicationBuilder UseRequestLog(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger("Callbook.Requests");
        var metrics = app.ApplicationServices.GetRequiredService<Metrics.CallbookMetrics>();
        return app.Use(async (context, next) =>
        {
            var started = Stopwatch.GetTimestamp();
            context.Response.Headers[RequestIdHeader] = context.TraceIdentifier;
            try
            {
                await next(context);
            }
            finally
            {
                var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(unmatched)";
                var appId = context.RequestServices?.GetService<Caller>()?.ClientId ?? "-";
                var elapsed = Stopwatch.GetElapsedTime(started);
                Log(logger, context.Request.Method, route, context.Response.StatusCode, elapsed.TotalMilliseconds, context.TraceIdentifier, appId);
                metrics.RecordRequest(route, context.Request.Method, context.Response.StatusCode, elapsed.TotalSeconds);
            }
        });
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "HTTP {Method} {Route} {Status} in {ElapsedMs:0.0} ms request {RequestId} app {AppId}")]
    private static partial void Log(ILogger logger, string method, string route, int status, double elapsedMs, string requestId, string appId);
}
