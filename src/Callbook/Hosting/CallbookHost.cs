using Microsoft.Extensions.Options;
using Callbook.Dispatch;

namespace Callbook.Hosting;

/// <summary>
/// The one composition root. <c>serve</c> and every CLI command start from this builder, so they
/// read the database, the key ring, the limits and the webhook settings from the same sources
/// (appsettings.json, environment variables, the command line) and bind them the same way.
/// </summary>
public static class CallbookHost
{
    /// <summary>A builder with the settings and the database every command shares; <c>serve</c> adds the web application on top.</summary>
    /// <param name="args">Host arguments (configuration on the command line, e.g. <c>--Callbook:Limits:ImportRows=10</c>).</param>
    /// <param name="overrides">Values the command's own options set (<c>--db</c> as <c>Callbook:Db</c>); they win over every other source.</param>
    public static WebApplicationBuilder CreateBuilder(string[] args, IReadOnlyDictionary<string, string?> overrides)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Configuration.AddInMemoryCollection(overrides);

        // Where the data is: resolved once (lazily, so test hosts can still set it), used by everything below.
        builder.Services.AddSingleton(sp => DatabaseLocation.Resolve(sp.GetRequiredService<IConfiguration>()));

        // The database and the key ring that encrypts its secrets.
        builder.Services.AddCallbookDatabase(builder.Configuration);

        // Limits, rate limits and webhook settings, bound once from configuration.
        // A limit of 0 or less would refuse every request: refused at start, in one line.
        builder.Services.AddOptions<CallbookLimits>().Bind(builder.Configuration.GetSection("Callbook:Limits")).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<CallbookLimits>, CallbookLimitsValidation>();
        builder.Services.AddOptions<RateLimitOptions>().Bind(builder.Configuration.GetSection("Callbook:RateLimits"))
            .Validate(r => r.PerMinute >= 1 && r.PerHour >= 1, "Callbook:RateLimits: PerMinute and PerHour must be at least 1 (the limits apps get by default; apps set-limits sets one app's)")
            .ValidateOnStart();
        builder.Services.AddWebhookOptions(builder.Configuration);
        return builder;
    }
}
