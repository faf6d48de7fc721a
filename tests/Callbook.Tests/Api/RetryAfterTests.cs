using System.Globalization;
using System.Net;
using Callbook.Api.Auth;

namespace Callbook.Tests.Api;

/// <summary>Retry-After names the seconds until the window that refused (minute or hour) lets the next request through.</summary>
public sealed class RetryAfterTests
{
    private static readonly long Second = TimeSpan.TicksPerSecond;

    [Fact]
    public void AMinuteWindowFreesWhenItsOldestSegmentLeaves()
    {
        var window = new SlidingWindow(3, TimeSpan.FromMinutes(1), 6);
        var start = 1_000_000 * 60 * Second; // on a segment boundary
        window.Add(start + (2 * Second));   // segment 0
        window.Add(start + (15 * Second));  // segment 1
        window.Add(start + (25 * Second));  // segment 2

        var now = start + (30 * Second);
        // The first request's segment [0 s, 10 s) leaves the window at 60 s: 30 s from now.
        Assert.Equal(30 * Second, window.WaitTicks(now));
        Assert.Equal(1 * Second, window.WaitTicks(start + (59 * Second)));
        Assert.Equal(0, window.WaitTicks(start + (60 * Second)));
    }

    [Fact]
    public void SeveralRequestsInTheOldestSegmentAreWaitedForTogether()
    {
        var window = new SlidingWindow(2, TimeSpan.FromHours(1), 12);
        var start = 5_000 * 3600 * Second;
        window.Add(start);
        window.Add(start + (60 * Second));

        // Both fell in the first 5-minute segment; it leaves the hour at 3600 s.
        Assert.Equal((3600 - 600) * Second, window.WaitTicks(start + (600 * Second)));
    }

    [Fact]
    public async Task TheMinuteWindowAnswersAtMostSixtySeconds()
    {
        await using var factory = new CallbookFactory(Backends.Sqlite, new Dictionary<string, string?> { ["Callbook:RateLimits:PerMinute"] = "3" });
        var api = await factory.NewTenantAsync();
        for (var i = 0; i < 3; i++)
        {
            await Bodies.ReadAsync(await api.GetAsync("contacts"), HttpStatusCode.OK);
        }

        var seconds = await RetryAfterAsync(api);

        // The requests were made in the last seconds: their 10 s segment leaves the minute in 50 to 60 s.
        Assert.InRange(seconds, 49, 60);
    }

    [Fact]
    public async Task TheHourWindowAnswersTheMinutesLeftInTheHourNotSixty()
    {
        await using var factory = new CallbookFactory(Backends.Sqlite, new Dictionary<string, string?> { ["Callbook:RateLimits:PerHour"] = "3" });
        var api = await factory.NewTenantAsync();
        for (var i = 0; i < 3; i++)
        {
            await Bodies.ReadAsync(await api.GetAsync("contacts"), HttpStatusCode.OK);
        }

        var seconds = await RetryAfterAsync(api);

        // Their 5-minute segment leaves the hour in 55 to 60 minutes.
        Assert.InRange(seconds, 3300 - 5, 3600);
    }

    private static async Task<int> RetryAfterAsync(TenantClient api)
    {
        var limited = await api.GetAsync("contacts");
        Assert.Equal("RATE_LIMITED", Assert.Single(await Bodies.ErrorsAsync(limited, HttpStatusCode.TooManyRequests)).Str("code"));
        return int.Parse(limited.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture);
    }
}
