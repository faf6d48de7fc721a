using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Callbook.Hosting;

/// <summary>Kestrel's limits, the request's own limits (<see cref="RequestEdge"/>), and the opt-in security headers and CORS allow-list.</summary>
public static class Hardening
{
    public const string CorsPolicy = "callbook";

    public static void AddCallbookHardening(this WebApplicationBuilder builder)
    {
        var limits = builder.Configuration.GetSection("Callbook:Limits").Get<CallbookLimits>() ?? new CallbookLimits();
        if (limits.Problems() is { Count: > 0 } problems)
        {
            // Kestrel takes these before the options are validated at start: the same one line, sooner.
            throw new ArgumentException("invalid configuration: " + string.Join("; ", problems));
        }
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = limits.ImportBodyBytes;
            // Ours are checked by RequestEdge, which answers JSON; Kestrel's own answers have no body.
            kestrel.Limits.MaxRequestLineSize = limits.RequestLineBytes * CallbookLimits.ServerLimitFactor;
            kestrel.Limits.MaxRequestHeadersTotalSize = limits.HeaderBytes * CallbookLimits.ServerLimitFactor;
            kestrel.Limits.MaxRequestHeaderCount = limits.HeaderCount * CallbookLimits.ServerLimitFactor;
            kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(limits.HeadersTimeoutSeconds);
            kestrel.Limits.MinRequestBodyDataRate = new MinDataRate(limits.MinBodyBytesPerSecond, TimeSpan.FromSeconds(5));
        });
        var origins = builder.Configuration.GetSection("Callbook:Cors:Origins").Get<string[]>() ?? [];
        if (origins.Length > 0)
        {
            builder.Services.AddCors(cors => cors.AddPolicy(CorsPolicy, policy => policy
                .WithOrigins(origins)
                .WithHeaders("auth", "accountId", "authorization", "content-type", "if-match", "idempotency-key")
                .WithMethods("GET", "POST", "PUT", "DELETE")
                .WithExposedHeaders("ETag", "Retry-After", RequestLog.RequestIdHeader)));
        }
    }

    public static void UseCallbookHardening(this WebApplication app)
    {
        app.UseRequestEdge();
        if (app.Configuration.GetValue("Callbook:SecurityHeaders", false))
        {
            app.Use((context, next) =>
            {
                var headers = context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                headers["Cross-Origin-Resource-Policy"] = "same-origin";
                headers.CacheControl = "no-store";
                if (context.Request.IsHttps)
                {
                    headers.StrictTransportSecurity = "max-age=31536000";
                }
                return next(context);
            });
        }
        if ((app.Configuration.GetSection("Callbook:Cors:Origins").Get<string[]>() ?? []).Length > 0)
        {
            app.UseCors(CorsPolicy);
        }
    }
}
