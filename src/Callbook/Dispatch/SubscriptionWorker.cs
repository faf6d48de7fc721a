using Callbook.Stores;
using Callbook.Webhooks;

namespace Callbook.Dispatch;

/// <summary>
/// One run over one subscription's due deliveries on this node: keeps up to
/// <see cref="WebhookOptions.ConcurrencyPerSubscription"/> POSTs in flight from a local queue of
/// claimed deliveries (at most <see cref="WebhookOptions.ClaimBatch"/>), and records answers and
/// claims more in one transaction, a batch at a time. After a failure it claims nothing more, gives
/// back what it claimed but has not sent, and ends once its POSTs are answered (the dispatcher may
/// then pause the subscription), so a dead receiver is probed, not flooded.
/// </summary>
internal sealed class SubscriptionWorker(WebhookSubscription webhook, Uri url, IReadOnlyList<string> secrets, DispatchContext context)
{
    /// <summary>Runs until nothing is due or claimable; returns how many deliveries succeeded and failed.</summary>
    public async Task<(int Delivered, int Failed)> RunAsync(CancellationToken stoppingToken)
    {
        var (concurrency, batch) = (Math.Max(1, context.Options.ConcurrencyPerSubscription), context.Options.ClaimBatch);
        var queue = new Queue<(WebhookDelivery Delivery, ContactChangeSource? Source)>();
        var inFlight = new List<Task<DeliveryOutcome>>();
        var answered = new List<DeliveryOutcome>();
        var (delivered, failed, exhausted) = (0, 0, false);
        while (true)
        {
            var claiming = failed == 0 && !stoppingToken.IsCancellationRequested;
            var idle = queue.Count == 0 && inFlight.Count == 0;
            if ((claiming && !exhausted && queue.Count < concurrency) || answered.Count >= batch / 2 || (idle && answered.Count > 0))
            {
                var wanted = claiming ? batch - queue.Count - inFlight.Count : 0;
                // Store calls outlive shutdown by a few seconds, so that answers received are recorded.
                var claimed = await context.Store.CompleteAndClaimAsync(webhook.Id, answered, wanted, context.Lease, context.StoreToken);
                answered.Clear();
                exhausted = claimed.Count < wanted;
                if (claimed.Count > 0)
                {
                    var sources = await context.Store.LoadChangesAsync(webhook.StreamId, [.. claimed.Select(d => new ContactVersionRef(d.ContactId, d.Version))], context.StoreToken);
                    foreach (var delivery in claimed)
                    {
                        queue.Enqueue((delivery, sources.GetValueOrDefault(delivery.ContactId)));
                    }
                }
            }
            while (inFlight.Count < concurrency && queue.TryDequeue(out var next))
            {
                inFlight.Add(SendAsync(next.Delivery, next.Source, stoppingToken));
            }
            if (inFlight.Count == 0)
            {
                if (answered.Count == 0)
                {
                    return (delivered, failed);
                }
                continue;
            }
            await Task.WhenAny(inFlight);
            foreach (var done in inFlight.Where(t => t.IsCompleted).ToList())
            {
                inFlight.Remove(done);
                var outcome = await done;
                answered.Add(outcome);
                if (outcome.Status == DeliveryStatus.Delivered)
                {
                    delivered++;
                }
                else
                {
                    failed++;
                }
            }
            // A failing receiver or a stopping node: what is claimed but unsent goes back as it was.
            while ((failed > 0 || stoppingToken.IsCancellationRequested) && queue.TryDequeue(out var unsent))
            {
                answered.Add(DeliveryOutcome.Release(unsent.Delivery));
            }
        }
    }

    private async Task<DeliveryOutcome> SendAsync(WebhookDelivery delivery, ContactChangeSource? source, CancellationToken stoppingToken)
    {
        var erased = delivery.EventType == WebhookEvents.ContactErased;
        if (source is null && !erased)
        {
            context.Log.Abandoned(webhook.Id, delivery.Id, delivery.EventId, "the contact is gone");
            return new DeliveryOutcome(delivery.Id, DeliveryStatus.Failed, context.Clock.GetUtcNow(), null, "the contact is gone");
        }
        SendResult result;
        try
        {
            // An erased contact is gone: its event is built from the delivery alone.
            var body = erased ? ErasedPayload.Serialize(delivery) : WebhookPayload.Serialize(delivery, source!);
            result = await context.Sender.SendAsync(url, secrets, delivery.EventId, delivery.EventType, body, delivery.Attempts + 1, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Maybe delivered, maybe not: due again at once, for this node after its restart or for another one.
            return new DeliveryOutcome(delivery.Id, DeliveryStatus.Pending, context.Clock.GetUtcNow(), null, "the dispatcher stopped before an answer");
        }
        var now = context.Clock.GetUtcNow();
        if (result.Delivered)
        {
            context.Log.Delivered(webhook.Id, delivery.Id, delivery.EventId, result.StatusCode ?? 0, delivery.Attempts + 1);
            return new DeliveryOutcome(delivery.Id, DeliveryStatus.Delivered, now, result.StatusCode, null);
        }
        var outcome = RetrySchedule.Failed(context.Options, delivery, now, result.StatusCode, result.Error!);
        if (outcome.Status == DeliveryStatus.Failed)
        {
            context.Log.Abandoned(webhook.Id, delivery.Id, delivery.EventId, result.Error!);
        }
        else
        {
            context.Log.Retrying(webhook.Id, delivery.Id, delivery.EventId, delivery.Attempts + 1, result.Error!, outcome.NextAttemptAt);
        }
        return outcome;
    }
}
