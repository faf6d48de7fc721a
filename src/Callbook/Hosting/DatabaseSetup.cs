using Callbook.Storage;
using Callbook.Tenancy;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Callbook.Hosting;

public static class DatabaseSetup
{
    /// <summary>Registers the database and its stores; it is opened on first use and migrated before the server listens.</summary>
    public static IServiceCollection AddCallbookDatabase(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddDataProtection().SetApplicationName("Callbook");
        services.AddOptions<KeyManagementOptions>().Configure<IConfiguration>((options, configuration) =>
            options.XmlRepository = new FileSystemXmlRepository(
                new DirectoryInfo(DataProtectionSecrets.KeysPath(configuration, ServeSettings.ResolveDb(configuration))), NullLoggerFactory.Instance));
        services.AddSingleton<ISecretProtector, DataProtectionSecrets>();
        services.AddSingleton(sp => CallbookDatabases.Open(
            ServeSettings.ResolveDb(sp.GetRequiredService<IConfiguration>()), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ISecretProtector>()));
        services.AddSingleton(sp => sp.GetRequiredService<ICallbookDatabase>().Contacts);
        services.AddSingleton(sp => sp.GetRequiredService<ICallbookDatabase>().Tenancy);
        services.AddSingleton(sp => sp.GetRequiredService<ICallbookDatabase>().Idempotency);
        services.AddSingleton(sp => sp.GetRequiredService<ICallbookDatabase>().Webhooks);
        services.AddSingleton(sp => sp.GetRequiredService<ICallbookDatabase>().ConsoleUsers);
        services.AddHostedService<DatabaseStartup>();
        return services;
    }
}

/// <summary>Migrates the schema at start-up and, on an empty database, creates the demo tenant.</summary>
internal sealed class DatabaseStartup(ICallbookDatabase database, IConfiguration configuration, ILogger<DatabaseStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await database.MigrateAsync(cancellationToken);
        logger.LogInformation("Database ready: {Kind} at {Location}", database.Kind, CallbookDatabases.Redact(ServeSettings.ResolveDb(configuration)));
        if (!configuration.GetValue("Callbook:NoDemo", false) && await database.Tenancy.CreateFirstTenantAsync("Demo", cancellationToken) is { } demo)
        {
            DemoBanner.Print(demo, configuration["Callbook:PublicUrl"] ?? CallbookServer.DefaultUrls, Console.Out);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

internal sealed class DatabaseHealthCheck(ICallbookDatabase database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await database.PingAsync(cancellationToken) ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("database unreachable");
}
