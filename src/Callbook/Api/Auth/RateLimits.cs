using System.Globalization;
using System.Threading.RateLimiting;
using Callbook.Hosting;
using Callbook.Tenancy;
using Microsoft.Extensions.Options;

namespace Callbook.Api.Auth;

/// <summary>
/// Sliding windows per app and stream, a minute and an hour, from System.Threading.RateLimiting
/// (the limiter ASP.NET Core's rate limiting middleware is built on). An app's own limits (set
/// with <c>callbook apps set-limits</c>) replace the defaults. Counters live in this process: with
/// several nodes each keeps its own.
/// </summary>
public sealed class RateLimits : IDisposable
{
    public const string Message = "Rate limit for this API has been reached. Please try again later";

    private readonly RateLimitOptions defaults;
    private readonly PartitionedRateLimiter<Partition> limiter;

    public RateLimits(IOptions<RateLimitOptions> options)
    {
        defaults = options.Value;
        limiter = PartitionedRateLimiter.CreateChained(
            Window(p => p.PerMinute, TimeSpan.FromMinutes(1), 6),
            Window(p => p.PerHour, TimeSpan.FromHours(1), 12));
    }

    public RateLimitLease Acquire(App app, string streamId) =>
        limiter.AttemptAcquire(new Partition(app.ClientId, streamId, app.RatePerMinute ?? defaults.PerMinute, app.RatePerHour ?? defaults.PerHour));

    public void Dispose() => limiter.Dispose();

    /// <summary>The limits are part of the key: new limits start new windows.</summary>
    public readonly record struct Partition(string ClientId, string StreamId, int PerMinute, int PerHour)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{ClientId}|{StreamId}|{PerMinute}|{PerHour}");
    }

    private static PartitionedRateLimiter<Partition> Window(Func<Partition, int> permits, TimeSpan window, int segments) =>
        PartitionedRateLimiter.Create<Partition, Partition>(key => RateLimitPartition.GetSlidingWindowLimiter(key, k => new SlidingWindowRateLimiterOptions
        {
            PermitLimit = permits(k),
            Window = window,
            SegmentsPerWindow = segments,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
}
