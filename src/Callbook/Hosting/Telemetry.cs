using System.Diagnostics;
using System.Reflection;
using System.Runtime.CompilerServices;
using Callbook.Hosting.Metrics;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Callbook.Hosting;

/// <summary>
/// OpenTelemetry traces and metrics over OTLP, only when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set
/// (the standard variables choose the protocol, headers and so on: <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>
/// is grpc by default, <c>http/protobuf</c> for an OTLP/HTTP collector). Without it nothing is
/// registered: no activity listener or meter listener is added to the request path.
/// Spans: ASP.NET Core (named by route template), outgoing HTTP (webhooks) and Npgsql. Metrics:
/// ASP.NET Core, Kestrel, HttpClient, the runtime and the "Callbook" meter.
/// </summary>
public static class Telemetry
{
    public const string EndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string ServiceName = "callbook";

    public static WebApplicationBuilder AddCallbookTelemetry(this WebApplicationBuilder builder)
    {
        if (!string.IsNullOrWhiteSpace(builder.Configuration[EndpointVariable]))
        {
            Register(builder);
        }
        return builder;
    }

    /// <summary>A method of its own so that the OpenTelemetry assemblies load only when telemetry is on.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Register(WebApplicationBuilder builder)
    {
        var version = typeof(Telemetry).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        // OTEL_SERVICE_NAME, when set, names the service (the SDK reads it); "callbook" otherwise.
        var serviceName = builder.Configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } named ? named : ServiceName;
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(serviceName, serviceVersion: version))
            .WithTracing(t => t
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !IsProbe(context.Request.Path))
                .AddHttpClientInstrumentation()
                .AddNpgsql()
                .AddProcessor(new ScrubProcessor())
                .AddOtlpExporter())
            .WithMetrics(m => m
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(CallbookMetrics.MeterName)
                .AddOtlpExporter());
    }

    private static bool IsProbe(PathString path) =>
        path.StartsWithSegments("/healthz", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/readyz", StringComparison.OrdinalIgnoreCase) ||
        path.StartsWithSegments("/metrics", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Removes what could carry a phone number (<c>?phone=</c>), a token or a secret before a span is
    /// exported: the query string of incoming requests and of outgoing URLs (a webhook URL may hold
    /// a token), and the raw path of incoming requests (the route template stays in http.route).
    /// </summary>
    internal sealed class ScrubProcessor : BaseProcessor<Activity>
    {
        private static readonly string[] Removed = ["url.query", "http.target", "url.path"];

        public override void OnEnd(Activity activity)
        {
            foreach (var tag in Removed)
            {
                if (activity.GetTagItem(tag) is not null)
                {
                    activity.SetTag(tag, null);
                }
            }
            if (activity.GetTagItem("url.full") is string full && Uri.TryCreate(full, UriKind.Absolute, out var url))
            {
                activity.SetTag("url.full", url.GetLeftPart(UriPartial.Path));
            }
        }
    }
}
