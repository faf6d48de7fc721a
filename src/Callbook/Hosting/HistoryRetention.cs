using Callbook.Stores;
using Microsoft.Extensions.Options;

namespace Callbook.Hosting;

/// <summary>How long history entries are kept ("Callbook:History").</summary>
public sealed class HistoryOptions
{
    /// <summary>Days a history entry is kept after its change; null (the default) keeps every entry forever. At least 1.</summary>
    public int? RetainDays { get; set; }

    /// <summary>How often a node looks for entries to purge (default 10 minutes).</summary>
    public TimeSpan PurgeInterval { get; set; } = TimeSpan.FromMinutes(10);
}

/// <summary>
/// Purges history entries older than <see cref="HistoryOptions.RetainDays"/>, in batches of
/// <see cref="Batch"/>, oldest first. Every node runs it; the store lets one node at a time purge
/// (PostgreSQL: an advisory lock; SQLite: the single writer), the others skip that round.
/// </summary>
internal sealed partial class HistoryRetention(IContactOperatorStore store, IOptions<HistoryOptions> options, TimeProvider clock, ILogger<HistoryRetention> logger) : BackgroundService
{
    /// <summary>Entries deleted per transaction: short transactions, so writes of the API are not held up.</summary>
    public const int Batch = 5000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (settings.RetainDays is not { } days)
        {
            return;
        }
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var purged = await PurgeAsync(clock.GetUtcNow() - TimeSpan.FromDays(days), stoppingToken);
                if (purged > 0)
                {
                    Purged(logger, purged, days);
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                PurgeFailed(logger, e);
            }
            try
            {
                await Task.Delay(settings.PurgeInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>Purges batch after batch until one comes back short (or another node holds the purge).</summary>
    private async Task<long> PurgeAsync(DateTimeOffset before, CancellationToken stoppingToken)
    {
        long total = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            var purged = await store.PurgeHistoryAsync(before, Batch, stoppingToken);
            if (purged <= 0)
            {
                break;
            }
            total += purged;
            if (purged < Batch)
            {
                break;
            }
        }
        return total;
    }

    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "Purged {Count} history entries older than {Days} days")]
    private static partial void Purged(ILogger logger, long count, int days);

    [LoggerMessage(EventId = 301, Level = LogLevel.Warning, Message = "History purge failed; trying again at the next interval")]
    private static partial void PurgeFailed(ILogger logger, Exception error);
}

public static class HistoryRetentionSetup
{
    /// <summary>History retention ("Callbook:History") and its background purge.</summary>
    public static IServiceCollection AddHistoryRetention(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<HistoryOptions>()
            .Bind(configuration.GetSection("Callbook:History"))
            .Validate(o => o.RetainDays is null or >= 1 && o.PurgeInterval > TimeSpan.Zero,
                "Callbook:History: RetainDays must be at least 1 (or absent: keep forever), PurgeInterval positive")
            .ValidateOnStart();
        services.AddHostedService<HistoryRetention>();
        return services;
    }
}
