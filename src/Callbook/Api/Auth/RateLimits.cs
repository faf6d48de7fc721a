using System.Threading.RateLimiting;
using Callbook.Hosting;
using Microsoft.Extensions.Options;

namespace Callbook.Api.Auth;

/// <summary>
/// Sliding windows per app and stream (a minute and an hour), from System.Threading.RateLimiting.
/// Counters live in this process: with several nodes each keeps its own.
/// </summary>
public sealed class RateLimits : IDisposable
{
    public const string Message = "Rate limit for this API has been reached. Please try again later";

    private readonly PartitionedRateLimiter<string> limiter;

    public RateLimits(IOptions<RateLimitOptions> options)
    {
        var o = options.Value;
        limiter = PartitionedRateLimiter.CreateChained(
            Window(o.PerMinute, TimeSpan.FromMinutes(1), 6),
            Window(o.PerHour, TimeSpan.FromHours(1), 12));
    }

    public RateLimitLease Acquire(string clientId, string streamId) => limiter.AttemptAcquire(clientId + "|" + streamId);

    public void Dispose() => limiter.Dispose();

    private static PartitionedRateLimiter<string> Window(int permits, TimeSpan window, int segments) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetSlidingWindowLimiter(key, _ => new SlidingWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = window,
            SegmentsPerWindow = segments,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
}
