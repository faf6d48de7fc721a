using Callbook.Storage;
using Callbook.Stores;
using Callbook.Tenancy;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Callbook.Hosting;

public static class DatabaseSetup
{
    /// <summary>Registers the database of <see cref="DatabaseLocation"/>, its key ring and its stores; it is opened on first use and migrated before the server listens.</summary>
    public static IServiceCollection AddCallbookDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(TimeProvider.System);
        // Registered before Data Protection's own hosted service, so that the database line is the first one serve logs.
        services.AddHostedService<DatabaseStartup>();
        services.AddCallbookKeyRing(configuration);
        services.AddSingleton<ISecretProtector, DataProtectionSecrets>();
        services.AddSingleton(sp =>
        {
            var location = sp.GetRequiredService<DatabaseLocation>();
            return CallbookDatabases.Open(location.Value, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ISecretProtector>(), location.Standbys,
                sp.GetRequiredService<ILoggerFactory>());
        });
        services.AddSingleton(sp => sp.GetRequiredService<ICallbookDatabase>().Contacts);
        services.AddSingleton(sp => sp.GetRequiredService<ICallbookDatabase>().ContactOperations);
        services.AddSingleton(sp => sp.GetRequiredService<ICallbookDatabase>().Auth);
        // Lookups, lists, search, exports and history: on the read standbys when --db-read names them.
        services.AddSingleton(sp => sp.GetRequiredService<ICallbookDatabase>().ContactReads);
        services.AddSingleton(sp => sp.GetRequiredService<ICallbookDatabase>().Tenancy);
        services.AddSingleton(sp => sp.GetRequiredService<ICallbookDatabase>().Idempotency);
        services.AddSingleton(sp => sp.GetRequiredService<ICallbookDatabase>().Webhooks);
        services.AddSingleton(sp => sp.GetRequiredService<ICallbookDatabase>().WebhookOperations);
        services.AddSingleton(sp => sp.GetRequiredService<ICallbookDatabase>().WebhookDispatch);
        services.AddSingleton(sp => sp.GetRequiredService<ICallbookDatabase>().ConsoleUsers);
        return services;
    }
}

/// <summary>Names the database, migrates the schema at start-up and, when <see cref="DemoTenant"/> allows it, creates the demo tenant.</summary>
internal sealed class DatabaseStartup(IServiceProvider services, DatabaseLocation location, IConfiguration configuration, ILogger<DatabaseStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        logger.LogInformation("Database: {Database}{New}", location.Description, location.Existed ? "" : " (new: created now)");
        if (location.StandbysDescription is { } standbys)
        {
            logger.LogInformation("Reads (lookups, lists, search, exports, history): standbys {Standbys}; the primary while none answers", standbys);
        }
        logger.LogInformation("Key ring: {KeysPath} ({Protection})", location.KeysPath, string.IsNullOrWhiteSpace(configuration["Callbook:KeysCertificate"])
            ? "keys not encrypted, protected by the folder's permissions only; see the README on Callbook__KeysCertificate"
            : "keys encrypted with the certificate of Callbook:KeysCertificate");
        if (!location.Existed)
        {
            await Console.Error.WriteLineAsync($"callbook: creating a new database: {location.Description}");
        }
        var database = services.GetRequiredService<ICallbookDatabase>();
        await database.MigrateAsync(cancellationToken);
        var demo = DemoTenant.Decide(database.Kind, configuration.GetValue("Callbook:Demo", false), configuration.GetValue("Callbook:NoDemo", false), !Console.IsOutputRedirected);
        if (demo == DemoTenant.Decision.Create)
        {
            if (await database.Tenancy.CreateFirstTenantAsync("Demo", cancellationToken) is { } tenant)
            {
                DemoBanner.Print(tenant, configuration["Callbook:PublicUrl"] ?? CallbookServer.DefaultUrls, Console.Out);
            }
        }
        else if (demo == DemoTenant.Decision.SkipNotATerminal && !location.Existed)
        {
            logger.LogInformation("No demo tenant: the output is not a terminal, and its secret would end up in a log. Create a tenant with `callbook init`, or start with --demo");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

internal sealed class DatabaseHealthCheck(ICallbookDatabase database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await database.PingAsync(cancellationToken) ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("database unreachable");
}
