using Callbook.Tenancy;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Callbook.Webhooks;

public static class WebhookSetup
{
    /// <summary>Webhook options ("Callbook:Webhooks"), the sender and the background dispatcher.</summary>
    public static IServiceCollection AddWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<WebhookOptions>(configuration.GetSection("Callbook:Webhooks"));
        // Signing secrets are stored through ISecretProtector (Data Protection, from AddCallbookDatabase);
        // a host without one stores them as they are.
        services.TryAddSingleton<ISecretProtector>(PassThroughSecrets.Instance);
        services.AddSingleton<WebhookSender>();
        services.AddHostedService<WebhookDispatcher>();
        return services;
    }
}
