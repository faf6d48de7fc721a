using Callbook.Tenancy;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Callbook.Dispatch;

public static class WebhookSetup
{
    /// <summary>Webhook options, section "Callbook:Webhooks", validated; shared by <c>serve</c> and the CLI.</summary>
    public static IServiceCollection AddWebhookOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WebhookOptions>()
            .Bind(configuration.GetSection("Callbook:Webhooks"))
            .Validate(o => o.RequestTimeout > TimeSpan.Zero && o.PollInterval > TimeSpan.Zero && o.RetryFor >= TimeSpan.Zero,
                "Callbook:Webhooks: RequestTimeout and PollInterval must be positive, RetryFor not negative")
            .Validate(o => o.FirstRetryDelay > TimeSpan.Zero && o.MaxRetryDelay >= o.FirstRetryDelay,
                "Callbook:Webhooks: FirstRetryDelay must be positive and MaxRetryDelay at least as long")
            .Validate(o => o.ConcurrencyPerSubscription is >= 1 and <= 256 && o.MaxPerStream >= 1,
                "Callbook:Webhooks: ConcurrencyPerSubscription must be 1–256 and MaxPerStream at least 1")
            .Validate(o => o.AllowedNetworks.All(n => System.Net.IPNetwork.TryParse(n.Trim(), out _)),
                "Callbook:Webhooks:AllowedNetworks: every entry must be a network in CIDR notation, e.g. 10.20.0.0/16 or fd00::/8")
            .Validate(o => o.SecretRotationGrace >= TimeSpan.Zero && o.SecretRotationGrace <= TimeSpan.FromDays(30),
                "Callbook:Webhooks:SecretRotationGrace must be from 0 to 30 days")
            .ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<WebhookOptions>>().Value.AddressPolicy());
        return services;
    }

    /// <summary>The sender and the background dispatcher (options come from <see cref="AddWebhookOptions"/>).</summary>
    public static IServiceCollection AddWebhooks(this IServiceCollection services)
    {
        // Signing secrets are stored through ISecretProtector (Data Protection, from AddCallbookDatabase);
        // a host without one stores them as they are.
        services.TryAddSingleton<ISecretProtector>(PassThroughSecrets.Instance);
        services.AddSingleton<WebhookSender>();
        services.AddHostedService<WebhookDispatcher>();
        return services;
    }
}
