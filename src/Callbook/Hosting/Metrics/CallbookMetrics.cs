using System.Diagnostics.Metrics;

namespace Callbook.Hosting.Metrics;

/// <summary>The service's instruments, on the "Callbook" meter of System.Diagnostics.Metrics.</summary>
public sealed class CallbookMetrics : IDisposable
{
    public const string MeterName = "Callbook";

    private readonly Meter meter = new(MeterName);

    /// <summary>This instance's meter: the exporter listens to it alone (several hosts may share a process in tests).</summary>
    public Meter Meter => meter;

    public CallbookMetrics()
    {
        Requests = meter.CreateCounter<long>("callbook_http_requests_total", description: "HTTP requests by route template, method and status.");
        Duration = meter.CreateHistogram<double>("callbook_http_request_duration_seconds", unit: "s", description: "HTTP request duration by route template and method.");
        RateLimited = meter.CreateCounter<long>("callbook_rate_limit_rejections_total", description: "Requests answered 429 by the per-app rate limit.");
    }

    public Counter<long> Requests { get; }

    public Histogram<double> Duration { get; }

    public Counter<long> RateLimited { get; }

    public void RecordRequest(string route, string method, int status, double seconds)
    {
        Requests.Add(1, new("route", route), new("method", method), new("status", status));
        Duration.Record(seconds, new("route", route), new("method", method));
    }

    public void Dispose() => meter.Dispose();
}
