using System.Collections.Concurrent;
using Callbook.Hosting;
using Callbook.Tenancy;
using Microsoft.Extensions.Options;

namespace Callbook.Api.Auth;

/// <summary>
/// Sliding windows per app and stream, a minute (6 segments of 10 s) and an hour (12 segments of
/// 5 min). A request is counted in both windows only when both have room. An app's own limits
/// (set with <c>callbook apps set-limits</c>) replace the defaults. Counters live in this process:
/// with several nodes each keeps its own.
/// </summary>
/// <remarks>
/// Own counters rather than System.Threading.RateLimiting's sliding window limiter: a refusal must
/// say when the refusing window lets the next request through (Retry-After), and that limiter
/// neither reports it nor exposes its segments.
/// </remarks>
public sealed class RateLimits(IOptions<RateLimitOptions> options, TimeProvider clock)
{
    public const string Message = "Rate limit for this API has been reached. Please try again later";

    private static readonly TimeSpan Idle = TimeSpan.FromHours(1);
    private readonly ConcurrentDictionary<Partition, Windows> partitions = new();
    private long acquisitions;

    /// <summary>Counts the request when both windows have room; otherwise says how long until the refusing window(s) have.</summary>
    public RateDecision Acquire(App app, string streamId)
    {
        var defaults = options.Value;
        var key = new Partition(app.ClientId, streamId, app.RatePerMinute ?? defaults.PerMinute, app.RatePerHour ?? defaults.PerHour);
        var now = clock.GetUtcNow().UtcTicks;
        var windows = partitions.GetOrAdd(key, k => new Windows(k.PerMinute, k.PerHour));
        var decision = windows.TryAcquire(now);
        if (Interlocked.Increment(ref acquisitions) % 4096 == 0)
        {
            ForgetIdle(now);
        }
        return decision;
    }

    private void ForgetIdle(long now)
    {
        foreach (var (key, windows) in partitions)
        {
            if (now - windows.LastUsed > Idle.Ticks)
            {
                partitions.TryRemove(key, out _);
            }
        }
    }

    /// <summary>The limits are part of the key: new limits start new windows.</summary>
    private readonly record struct Partition(string ClientId, string StreamId, int PerMinute, int PerHour);

    private sealed class Windows(int perMinute, int perHour)
    {
        private readonly SlidingWindow minute = new(perMinute, TimeSpan.FromMinutes(1), 6);
        private readonly SlidingWindow hour = new(perHour, TimeSpan.FromHours(1), 12);
        private readonly Lock gate = new();

        public long LastUsed { get; private set; }

        public RateDecision TryAcquire(long now)
        {
            lock (gate)
            {
                LastUsed = now;
                var wait = Math.Max(minute.WaitTicks(now), hour.WaitTicks(now));
                if (wait > 0)
                {
                    return new RateDecision(false, TimeSpan.FromTicks(wait));
                }
                minute.Add(now);
                hour.Add(now);
                return new RateDecision(true, TimeSpan.Zero);
            }
        }
    }
}

/// <summary>The outcome of <see cref="RateLimits.Acquire"/>.</summary>
/// <param name="Acquired">The request may go ahead.</param>
/// <param name="RetryAfter">When refused: the time until the refusing window lets the next request through.</param>
public readonly record struct RateDecision(bool Acquired, TimeSpan RetryAfter);

/// <summary>
/// A window of <c>segments</c> equal segments sliding one segment at a time: a request counts until
/// the segment it fell in leaves the window. Not thread-safe (the caller locks).
/// </summary>
internal sealed class SlidingWindow(int limit, TimeSpan window, int segments)
{
    private readonly long[] counts = new long[segments];
    private readonly long segmentTicks = window.Ticks / segments;
    private long current = long.MinValue;
    private long total;

    /// <summary>0 when a request fits now; otherwise the ticks until enough of the oldest segments have left the window.</summary>
    public long WaitTicks(long now)
    {
        Slide(now);
        if (total < limit)
        {
            return 0;
        }
        var remaining = total;
        for (var segment = current - segments + 1; segment <= current; segment++)
        {
            remaining -= counts[Slot(segment)];
            if (remaining < limit)
            {
                return (segment + segments) * segmentTicks - now;
            }
        }
        return long.MaxValue; // a limit of 0: never
    }

    public void Add(long now)
    {
        Slide(now);
        counts[Slot(current)]++;
        total++;
    }

    private void Slide(long now)
    {
        var segment = now / segmentTicks;
        if (segment <= current)
        {
            return;
        }
        var expired = current == long.MinValue ? segments : Math.Min(segments, segment - current);
        for (var i = 1; i <= expired; i++)
        {
            var slot = Slot(segment - expired + i); // the slots the new segments reuse
            total -= counts[slot];
            counts[slot] = 0;
        }
        current = segment;
    }

    private int Slot(long segment) => (int)(((segment % segments) + segments) % segments);
}
