using System.Diagnostics;
using Microsoft.Extensions.Logging.Console;
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

    /// <summary>
    /// Console logs: one line per entry in the simple format by default, or the framework's JSON
    /// formatter with <c>Logging:Console:FormatterName=json</c> (either format can be chosen in
    /// configuration; nothing here overrides it). Scopes are on in both, so every line written
    /// while a request runs carries its RequestId (the X-Request-Id header) and TraceId.
    /// </summary>
    public static WebApplicationBuilder AddCallbookLogging(this WebApplicationBuilder builder)
    {
        builder.Logging.AddConsole();
        if (string.IsNullOrEmpty(builder.Configuration["Logging:Console:FormatterName"]))
        {
            builder.Services.Configure<ConsoleLoggerOptions>(o => o.FormatterName = ConsoleFormatterNames.Simple);
        }
        builder.Services.Configure<SimpleConsoleFormatterOptions>(o =>
        {
            o.SingleLine = true;
            o.IncludeScopes = true;
        });
        builder.Services.Configure<JsonConsoleFormatterOptions>(o => o.IncludeScopes = true);
        // One line per request comes from RequestLog; the framework's own per-request lines would repeat it.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        // Until the host has started, its failure to start (a database that does not answer, a port in
        // use) is reported by `callbook serve` in one line; the host's own record repeats it with a stack trace.
        var startup = new HostStartup();
        builder.Services.AddSingleton(startup);
        builder.Logging.AddFilter((category, level) => startup.Started || level < LogLevel.Error || category != "Microsoft.Extensions.Hosting.Internal.Host");
        return builder;
    }

    /// <summary>Whether the host has started: set by <see cref="CallbookServer"/> on ApplicationStarted.</summary>
    internal sealed class HostStartup
    {
        private volatile bool started;

        public bool Started => started;

        public void MarkStarted() => started = true;
    }

    public static IApplicationBuilder UseRequestLog(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger("Callbook.Requests");
        var metrics = app.ApplicationServices.GetRequiredService<Metrics.CallbookMetrics>();
        var labels = new Metrics.RouteLabels(app.ApplicationServices.GetRequiredService<EndpointDataSource>());
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
                var route = labels.For(context);
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
