using Callbook.Stores;
using Callbook.Tenancy;
using Microsoft.Extensions.Options;

namespace Callbook.Dispatch;

/// <summary>
/// Sends the outbox. Every poll interval it asks which subscriptions have due deliveries and starts
/// a <see cref="SubscriptionWorker"/> for each one not already running here, so subscriptions never
/// wait on each other; request handling shares nothing with it but the database. A subscription
/// whose run only failed is paused on this node (exponential, like the retries). Once a minute it
/// purges old finished deliveries. Any number of nodes may run it: claims are leased.
/// </summary>
internal sealed class WebhookDispatcher(
    IWebhookDispatchStore store,
    WebhookSender sender,
    ISecretProtector protector,
    IOptions<WebhookOptions> options,
    TimeProvider clock,
    ILogger<WebhookDispatcher> logger) : BackgroundService
{
    private const int PurgeBatch = 5000;
    private static readonly TimeSpan PurgeEvery = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan RecordGrace = TimeSpan.FromSeconds(5);

    private readonly Dictionary<string, Task<(int Delivered, int Failed)>> running = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (int Runs, DateTimeOffset Until)> paused = new(StringComparer.Ordinal);

    /// <summary>This process's name in leases.</summary>
    public string Node { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Dispatch)
        {
            return;
        }
        await Task.Yield();
        using var storeStop = new CancellationTokenSource();
        await using var _ = stoppingToken.Register(() => storeStop.CancelAfter(RecordGrace));
        var context = new DispatchContext(store, sender, settings, clock, new DeliveryLease(Node, settings.EffectiveLease), logger, storeStop.Token);
        logger.Started(Node);
        var nextPurge = clock.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                Harvest();
                await StartDueAsync(context, stoppingToken);
                if (clock.GetUtcNow() >= nextPurge)
                {
                    await PurgeAsync(settings, stoppingToken);
                    nextPurge = clock.GetUtcNow() + PurgeEvery;
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.DispatchFailed(e);
            }
            try
            {
                await Task.Delay(settings.PollInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        await Task.WhenAll(running.Values);
    }

    private async Task StartDueAsync(DispatchContext context, CancellationToken stoppingToken)
    {
        var now = clock.GetUtcNow();
        foreach (var webhook in await store.FindDueWebhooksAsync(stoppingToken))
        {
            if (running.ContainsKey(webhook.Id) || (paused.TryGetValue(webhook.Id, out var pause) && pause.Until > now))
            {
                continue;
            }
            string[] secrets;
            try
            {
                // After a rotation, the replaced secret signs too until its grace period ends.
                secrets = webhook.PreviousSecretAt(now) is { } previous
                    ? [protector.Unprotect(webhook.ProtectedSecret), protector.Unprotect(previous)]
                    : [protector.Unprotect(webhook.ProtectedSecret)];
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.SecretUnreadable(webhook.Id, e);
                Pause(webhook.Id, now);
                continue;
            }
            running[webhook.Id] = RunAsync(new SubscriptionWorker(webhook, new Uri(webhook.Url), secrets, context), stoppingToken);
        }
    }

    private async Task<(int Delivered, int Failed)> RunAsync(SubscriptionWorker worker, CancellationToken stoppingToken)
    {
        try
        {
            return await worker.RunAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return (0, 0);
        }
        catch (Exception e)
        {
            logger.DispatchFailed(e);
            return (0, 1);
        }
    }

    /// <summary>Forgets finished runs; pauses a subscription whose run only failed, un-pauses one that delivered.</summary>
    private void Harvest()
    {
        var now = clock.GetUtcNow();
        foreach (var (id, run) in running.Where(r => r.Value.IsCompleted).ToList())
        {
            running.Remove(id);
            var (delivered, failed) = run.Result;
            if (delivered > 0)
            {
                paused.Remove(id);
            }
            else if (failed > 0)
            {
                Pause(id, now);
            }
        }
    }

    private void Pause(string webhookId, DateTimeOffset now)
    {
        var runs = paused.TryGetValue(webhookId, out var pause) ? pause.Runs + 1 : 1;
        var until = now + RetrySchedule.Delay(options.Value, runs);
        paused[webhookId] = (runs, until);
        logger.Paused(webhookId, until, runs);
    }

    private async Task PurgeAsync(WebhookOptions settings, CancellationToken stoppingToken)
    {
        var total = 0;
        for (var round = 0; round < 20; round++)
        {
            var purged = await store.PurgeAsync(clock.GetUtcNow() - settings.RetainFinished, PurgeBatch, stoppingToken);
            total += purged;
            if (purged < PurgeBatch)
            {
                break;
            }
        }
        if (total > 0)
        {
            logger.Purged(total);
        }
    }
}
