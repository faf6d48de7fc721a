using Callbook.Api.Auth;
using Callbook.Api.Contacts;
using Callbook.Api.Json;
using Callbook.Api.Webhooks;
using Callbook.Hosting.Metrics;
using Callbook.Webhooks;
using Callbook.WebConsole;

namespace Callbook.Hosting;

/// <summary>The <c>serve</c> command's web application: one line per concern.</summary>
public static class CallbookServer
{
    public const string DefaultUrls = "http://127.0.0.1:5080";

    public static WebApplication Build(string[] args, ServeSettings settings)
    {
        var builder = WebApplication.CreateBuilder(args);
        settings.ApplyTo(builder);

        // Storage: one database chosen by --db / CALLBOOK_DB, migrated at start-up.
        builder.Services.AddCallbookDatabase();

        // Limits and rate limits, bound once from configuration.
        builder.Services.Configure<CallbookLimits>(builder.Configuration.GetSection("Callbook:Limits"));
        builder.Services.Configure<RateLimitOptions>(builder.Configuration.GetSection("Callbook:RateLimits"));
        builder.AddCallbookHardening();

        // Authentication of section 2: token validation, the per-request caller, rate limits.
        builder.Services.AddSingleton<Tokens>();
        builder.Services.AddSingleton<RateLimits>();
        builder.Services.AddScoped<Caller>();
        builder.Services.AddSingleton<JsonBody>();
        builder.Services.AddSingleton<CursorKey>();
        builder.Services.AddContactsApi();

        // Webhooks: signed change events, sent from the outbox by a background dispatcher.
        builder.Services.AddWebhooks(builder.Configuration);

        // The web console at /console: Razor Pages, cookie sign-in, the same stores as the API.
        builder.AddCallbookConsole();

        // JSON: source-generated contracts, camelCase.
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, CallbookJson.Context));

        // Health, metrics, OpenAPI, logs.
        builder.Services.AddCallbookMetrics();
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer<OpenApiHeaders>().AddDocumentTransformer<OpenApiWebhooks>());
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        // One line per request comes from RequestLog; the framework's own per-request lines would repeat it.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

        var app = builder.Build();

        app.UseRequestLog();
        app.UseJsonErrors();
        app.UseCallbookHardening();
        app.MapHealth();
        app.MapMetrics();
        app.MapOpenApi();
        app.MapContactsApi();
        app.MapWebhooksApi();
        app.MapCallbookConsole();
        // Benchmark only (bench/run.sh): off unless Callbook:Bench:FixedEndpoint is true.
        app.MapBenchEndpoint();
        return app;
    }
}
