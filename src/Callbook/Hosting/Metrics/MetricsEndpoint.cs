using Callbook.Contacts;
using Callbook.Stores;

namespace Callbook.Hosting.Metrics;

public static class MetricsEndpoint
{
    private static readonly TimeSpan GaugeCacheTime = TimeSpan.FromSeconds(15);

    public static IServiceCollection AddCallbookMetrics(this IServiceCollection services)
    {
        services.AddSingleton<CallbookMetrics>();
        services.AddSingleton<PrometheusExporter>();
        services.AddSingleton<ContactGauges>();
        return services;
    }

    /// <summary>GET /metrics: Prometheus text format. Not rate limited, not authenticated: bind it to a private interface or filter it at the proxy.</summary>
    public static void MapMetrics(this IEndpointRouteBuilder routes)
    {
        // Listening starts now, not at the first scrape, so nothing recorded before it is lost.
        routes.ServiceProvider.GetRequiredService<PrometheusExporter>();
        routes.MapGet("/metrics", async (PrometheusExporter exporter, ContactGauges gauges, CancellationToken cancellationToken) =>
                Results.Text(exporter.Write(await gauges.ReadAsync(cancellationToken)), "text/plain; version=0.0.4; charset=utf-8"))
            .WithTags("Operations")
            .ExcludeFromDescription();
    }

    /// <summary>Contacts by status and the webhook backlog, counted at most every 15 s however often Prometheus scrapes.</summary>
    public sealed class ContactGauges(IContactOperatorStore store, IWebhookOperatorStore webhooks, TimeProvider clock)
    {
        private readonly SemaphoreSlim gate = new(1, 1);
        private (DateTimeOffset At, IReadOnlyList<(string, string, string, double)> Values)? cached;

        public async Task<IReadOnlyList<(string Name, string Help, string Labels, double Value)>> ReadAsync(CancellationToken cancellationToken)
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                if (cached is not { } hit || clock.GetUtcNow() - hit.At > GaugeCacheTime)
                {
                    var counts = await store.CountByStatusAsync(cancellationToken);
                    var backlog = await webhooks.CountPendingDeliveriesAsync(cancellationToken);
                    hit = (clock.GetUtcNow(),
                    [
                        .. counts.Select(c => ("callbook_contacts", "Contacts by status, all tenants.", PrometheusExporter.Label("status", c.Key.ToWire()), (double)c.Value)),
                        ("callbook_webhook_backlog", "Webhook deliveries not yet sent, all subscriptions.", "", backlog),
                    ]);
                    cached = hit;
                }
                return hit.Values;
            }
            finally
            {
                gate.Release();
            }
        }
    }
}
