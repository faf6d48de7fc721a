using Callbook.Stores;

namespace Callbook.Dispatch;

/// <summary>Exponential backoff with jitter, and when to give up.</summary>
internal static class RetrySchedule
{
    /// <summary>The wait after failure number <paramref name="failures"/> (1-based): first × 2^(n-1), capped, then scaled by a random 50–100 %.</summary>
    public static TimeSpan Delay(WebhookOptions options, int failures)
    {
        var exponent = Math.Min(Math.Max(failures - 1, 0), 30);
        var delay = Math.Min(options.FirstRetryDelay.TotalMilliseconds * Math.Pow(2, exponent), options.MaxRetryDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(delay * (0.5 + (Random.Shared.NextDouble() * 0.5)));
    }

    /// <summary>A failed attempt: retried later, or abandoned once the retry window since queueing has passed.</summary>
    public static DeliveryOutcome Failed(WebhookOptions options, WebhookDelivery delivery, DateTimeOffset now, int? statusCode, string error) =>
        now - delivery.QueuedAt >= options.RetryFor
            ? new DeliveryOutcome(delivery.Id, DeliveryStatus.Failed, now, statusCode, error)
            : new DeliveryOutcome(delivery.Id, DeliveryStatus.Pending, now + Delay(options, delivery.Attempts + 1), statusCode, error);
}
