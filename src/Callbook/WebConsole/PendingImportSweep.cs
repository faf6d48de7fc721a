namespace Callbook.WebConsole;

/// <summary>
/// Every <see cref="Interval"/>, deletes this node's pending console uploads and error reports that
/// expired or that an erasure in their stream made stale, wherever that erasure ran: files holding
/// an erased person do not wait on a node for their 30 minutes to pass.
/// </summary>
internal sealed partial class PendingImportSweep(PendingImports pending, TimeProvider clock, ILogger<PendingImportSweep> logger) : BackgroundService
{
    /// <summary>How long an erased person's upload may stay on a node that did not erase (the check on use is immediate).</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Interval, clock, stoppingToken);
                var removed = await pending.SweepAsync(stoppingToken);
                if (removed > 0)
                {
                    Swept(logger, removed);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                SweepFailed(logger, e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} pending console uploads and error reports (expired or older than an erasure)")]
    private static partial void Swept(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The sweep of pending console uploads failed; it runs again later")]
    private static partial void SweepFailed(ILogger logger, Exception exception);
}
