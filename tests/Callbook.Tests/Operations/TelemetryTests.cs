using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Callbook.Tests.Operations;

/// <summary>OpenTelemetry is opt-in through OTEL_EXPORTER_OTLP_ENDPOINT, and what it sends carries no phone number, token or query.</summary>
public sealed class TelemetryTests
{
    [Fact]
    public async Task WithoutAnEndpointNothingIsRegistered()
    {
        await using var factory = new CallbookFactory(Backends.Sqlite);
        _ = await factory.NewTenantAsync();

        Assert.Null(factory.Services.GetService<TracerProvider>());
        Assert.Null(factory.Services.GetService<MeterProvider>());
    }

    [Fact]
    public async Task WithAnEndpointARequestSpanArrivesNamedByItsRouteTemplateWithoutThePhoneOrTheToken()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var factory = new CallbookFactory(Backends.Sqlite, new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Url,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "200",
        });
        var api = await factory.NewTenantAsync();
        await api.CreateAsync("john", "doe", "2445619876");

        await Bodies.ReadAsync(await api.GetAsync("contacts?phone=%2B91%202445619876"), HttpStatusCode.OK);

        Assert.NotNull(factory.Services.GetService<TracerProvider>());
        const string route = "/agentassist/api/v1/public/{streamId}/contacts/";
        var traces = await receiver.WaitForAsync("/v1/traces", route);
        var metrics = await receiver.WaitForAsync("/v1/metrics", "http.server.request.duration");
        foreach (var body in (string[])[traces, metrics])
        {
            Assert.DoesNotContain("2445619876", body, StringComparison.Ordinal);
            Assert.DoesNotContain("phone=", body, StringComparison.Ordinal);
            Assert.DoesNotContain("url.query", body, StringComparison.Ordinal);
            Assert.DoesNotContain(api.Token, body, StringComparison.Ordinal);
        }
        Assert.Contains("http.route", traces, StringComparison.Ordinal);
    }

    /// <summary>A minimal OTLP/HTTP collector: keeps every protobuf body POSTed to /v1/traces or /v1/metrics.</summary>
    private sealed class OtlpReceiver : IAsyncDisposable
    {
        private readonly WebApplication app;
        private readonly List<(string Path, byte[] Body)> received = [];
        private readonly Lock gate = new();

        private OtlpReceiver(int port)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
            builder.Logging.ClearProviders();
            app = builder.Build();
            app.MapPost("/v1/{signal}", async (HttpContext context) =>
            {
                using var buffer = new MemoryStream();
                await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
                lock (gate)
                {
                    received.Add((context.Request.Path.Value!, buffer.ToArray()));
                }
                return Results.Bytes([], "application/x-protobuf");
            });
            Url = $"http://127.0.0.1:{port}";
        }

        public string Url { get; }

        public static async Task<OtlpReceiver> StartAsync()
        {
            var receiver = new OtlpReceiver(CallbookProcess.FreePort());
            await receiver.app.StartAsync(TestContext.Current.CancellationToken);
            return receiver;
        }

        /// <summary>Waits for the bodies posted to <paramref name="path"/> to hold <paramref name="text"/> (protobuf keeps strings as UTF-8 bytes); returns them as Latin-1 text.</summary>
        public async Task<string> WaitForAsync(string path, string text)
        {
            for (var attempt = 0; attempt < 150; attempt++)
            {
                string all;
                lock (gate)
                {
                    all = string.Concat(received.Where(r => r.Path == path).Select(r => Encoding.Latin1.GetString(r.Body)));
                }
                if (all.Contains(text, StringComparison.Ordinal))
                {
                    return all;
                }
                await Task.Delay(100, TestContext.Current.CancellationToken);
            }
            throw new TimeoutException($"no OTLP body at {path} held {text}");
        }

        public async ValueTask DisposeAsync() => await app.DisposeAsync();
    }
}
