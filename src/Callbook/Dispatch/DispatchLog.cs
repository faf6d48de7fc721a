using Callbook.Stores;

namespace Callbook.Dispatch;

/// <summary>What one dispatcher run needs, shared by its subscription workers.</summary>
/// <param name="StoreToken">Cancelled a few seconds after shutdown starts, so that answers already received still get recorded.</param>
internal sealed record DispatchContext(IWebhookDispatchStore Store, WebhookSender Sender, WebhookOptions Options, TimeProvider Clock, DeliveryLease Lease, ILogger Log, CancellationToken StoreToken);

/// <summary>The dispatcher's log lines: ids and outcomes only, never a URL, a secret or a payload.</summary>
internal static partial class DispatchLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Debug, Message = "Webhook {WebhookId} delivery {DeliveryId} ({EventId}) delivered with HTTP {Status} on attempt {Attempt}")]
    public static partial void Delivered(this ILogger logger, string webhookId, long deliveryId, string eventId, int status, int attempt);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Webhook {WebhookId} delivery {DeliveryId} ({EventId}) failed on attempt {Attempt}: {Error}; next attempt at {NextAttemptAt:O}")]
    public static partial void Retrying(this ILogger logger, string webhookId, long deliveryId, string eventId, int attempt, string error, DateTimeOffset nextAttemptAt);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "Webhook {WebhookId} delivery {DeliveryId} ({EventId}) abandoned: {Error}")]
    public static partial void Abandoned(this ILogger logger, string webhookId, long deliveryId, string eventId, string error);

    [LoggerMessage(EventId = 103, Level = LogLevel.Information, Message = "Webhook {WebhookId} paused until {Until:O} after {Runs} failing runs")]
    public static partial void Paused(this ILogger logger, string webhookId, DateTimeOffset until, int runs);

    [LoggerMessage(EventId = 104, Level = LogLevel.Warning, Message = "Webhook dispatch failed; retrying at the next poll")]
    public static partial void DispatchFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 105, Level = LogLevel.Error, Message = "Webhook {WebhookId} cannot be dispatched: its signing secret cannot be read")]
    public static partial void SecretUnreadable(this ILogger logger, string webhookId, Exception exception);

    [LoggerMessage(EventId = 106, Level = LogLevel.Information, Message = "Webhook dispatcher {Node} started")]
    public static partial void Started(this ILogger logger, string node);

    [LoggerMessage(EventId = 107, Level = LogLevel.Information, Message = "Purged {Count} finished webhook deliveries")]
    public static partial void Purged(this ILogger logger, int count);
}
