using Callbook.Stores;
using Callbook.Tenancy;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Callbook.Tests.Infrastructure;

/// <summary>The real service in memory, on a fresh database of one backend; <paramref name="logging"/> may add log providers (to capture the log).</summary>
public sealed class CallbookFactory(string backend, IReadOnlyDictionary<string, string?>? settings = null, Action<ILoggingBuilder>? logging = null) : WebApplicationFactory<Program>
{
    private readonly string db = TestDatabases.Create(backend);

    /// <summary>Fast webhook timings for tests: quick polls, retries and timeouts.</summary>
    public static readonly IReadOnlyDictionary<string, string> WebhookTimings = new Dictionary<string, string>
    {
        ["Callbook:Webhooks:PollInterval"] = "00:00:00.100",
        ["Callbook:Webhooks:FirstRetryDelay"] = "00:00:00.200",
        ["Callbook:Webhooks:MaxRetryDelay"] = "00:00:01",
        ["Callbook:Webhooks:RequestTimeout"] = "00:00:01",
        ["Callbook:Webhooks:Lease"] = "00:00:03",
        // The test receivers listen on loopback, which webhooks refuse by default: allowed by CIDR.
        ["Callbook:Webhooks:AllowedNetworks:0"] = "127.0.0.0/8",
    };

    /// <summary>Webhooks as a default installation has them: public addresses only (no loopback allowance).</summary>
    public static readonly IReadOnlyDictionary<string, string?> PublicWebhooksOnly = new Dictionary<string, string?> { ["Callbook:Webhooks:AllowedNetworks:0"] = null };

    public string Backend => backend;

    public string Db => db;

    public ICallbookDatabase Database => Services.GetRequiredService<ICallbookDatabase>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Callbook:Db", db);
        builder.UseSetting("Callbook:NoDemo", "true");
        // The suite sends far more than 600 requests a minute through one app in places.
        builder.UseSetting("Callbook:RateLimits:PerMinute", "1000000");
        builder.UseSetting("Callbook:RateLimits:PerHour", "1000000");
        // Webhook retries in fractions of a second rather than hours; a setting given as null is left unset.
        foreach (var (key, value) in WebhookTimings)
        {
            if (settings is null || !settings.ContainsKey(key))
            {
                builder.UseSetting(key, value);
            }
        }
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            if (value is not null)
            {
                builder.UseSetting(key, value);
            }
        }
        if (logging is not null)
        {
            builder.ConfigureLogging(logging);
        }
    }

    /// <summary>A new org/account/stream/app, and a client that sends its credentials.</summary>
    public async Task<TenantClient> NewTenantAsync()
    {
        var setup = await Database.Tenancy.CreateTenantAsync("test", TestContext.Current.CancellationToken);
        return new TenantClient(CreateClient(), setup);
    }

    /// <summary>Another app of the same account with its own scopes.</summary>
    public async Task<App> NewAppAsync(string accountId, IReadOnlyList<string> streams, bool hs512 = false, bool enforceJti = false) =>
        await Database.Tenancy.CreateAppAsync(new NewApp(accountId, "app", Secrets.NewClientSecret(), hs512, enforceJti, streams), TestContext.Current.CancellationToken);
}

/// <summary>One factory per backend for the whole run: tests isolate themselves by tenant, as real clients do.</summary>
public static class TestServers
{
    private static readonly Dictionary<string, CallbookFactory> Factories = [];
    private static readonly Lock Gate = new();

    public static CallbookFactory For(string backend)
    {
        Backends.SkipIfUnavailable(backend);
        lock (Gate)
        {
            if (!Factories.TryGetValue(backend, out var factory))
            {
                factory = new CallbookFactory(backend);
                Factories[backend] = factory;
            }
            return factory;
        }
    }

    public static Task<TenantClient> TenantAsync(string backend) => For(backend).NewTenantAsync();
}
