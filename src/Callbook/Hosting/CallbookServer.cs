using Callbook.Api;
using Callbook.Api.Auth;
using Callbook.Api.Contacts;
using Callbook.Api.Json;
using Callbook.Api.Webhooks;
using Callbook.Dispatch;
using Callbook.Hosting.Metrics;
using Callbook.Hosting.OpenApi;
using Callbook.UseCases;
using Callbook.WebConsole;

namespace Callbook.Hosting;

/// <summary>The <c>serve</c> command's web application: one line per concern.</summary>
public static class CallbookServer
{
    public const string DefaultUrls = "http://127.0.0.1:5080";

    public static WebApplication Build(string[] args, ServeSettings settings)
    {
        // Settings, the database (migrated at start-up) and its key ring: the same composition as every CLI command.
        var builder = CallbookHost.CreateBuilder(args, settings.Overrides());
        settings.ApplyUrls(builder);

        // Kestrel's limits, security headers, CORS.
        builder.AddCallbookHardening();

        // Phone numbers: how strictly a written number is checked (docs/phones.md).
        builder.Services.AddPhoneRules(builder.Configuration);

        // Authentication of section 2: token validation, the per-request caller, rate limits.
        builder.Services.AddSingleton<Tokens>();
        builder.Services.AddSingleton<RateLimits>();
        builder.Services.AddScoped<Caller>();
        builder.Services.AddSingleton<JsonBody>();
        builder.Services.AddSingleton<CursorKey>();
        builder.Services.AddSingleton<ContactListing>();
        builder.Services.AddSingleton<ContactExport>();
        builder.Services.AddSingleton<ContactImport>();
        // History with who by name, for the API and the console alike; the console's edit page reads the primary.
        builder.Services.AddSingleton<History.ContactHistoryReader>();
        builder.Services.AddKeyedSingleton(History.ContactHistoryReader.Primary,
            (sp, _) => ActivatorUtilities.CreateInstance<History.ContactHistoryReader>(sp, sp.GetRequiredService<Stores.IContactStore>()));

        // History retention: entries older than Callbook:History:RetainDays purged in the background.
        builder.Services.AddHistoryRetention(builder.Configuration);
        builder.Services.AddContactsApi();

        // Webhooks: signed change events, sent from the outbox by a background dispatcher.
        builder.Services.AddWebhooks();

        // The web console at /console: Razor Pages, cookie sign-in, the same stores as the API.
        builder.AddCallbookConsole();

        // JSON: source-generated contracts, camelCase.
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, CallbookJson.Context));

        // Health, metrics, OpenAPI, logs.
        builder.Services.AddCallbookMetrics();
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        builder.Services.AddCallbookOpenApi();
        builder.AddCallbookLogging();
        // Traces and metrics over OTLP: only when OTEL_EXPORTER_OTLP_ENDPOINT is set.
        builder.AddCallbookTelemetry();

        var app = builder.Build();
        app.Lifetime.ApplicationStarted.Register(app.Services.GetRequiredService<RequestLog.HostStartup>().MarkStarted);

        app.UseRequestLog();
        app.UseJsonErrors();
        app.UseCallbookHardening();
        app.MapHealth();
        app.MapMetrics();
        app.MapCallbookOpenApi();
        // The public API: one /{streamId} group carries authentication; each resource hangs off it.
        var stream = app.MapStreamApi();
        stream.MapContactsApi();
        stream.MapWebhooksApi();
        app.MapCallbookConsole();
        // Benchmark only (bench/run.sh): off unless Callbook:Bench:FixedEndpoint is true.
        app.MapBenchEndpoint();
        return app;
    }
}
