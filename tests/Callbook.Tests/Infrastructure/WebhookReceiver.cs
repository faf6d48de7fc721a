using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Callbook.Tests.Infrastructure;

public enum ReceiverMode
{
    /// <summary>Answers 200 and records the event.</summary>
    Ok,
    /// <summary>Answers 500.</summary>
    Fail,
    /// <summary>Never answers.</summary>
    Hang,
}

/// <summary>One POST that reached the receiver.</summary>
public sealed record ReceivedEvent(string EventId, string Type, string Timestamp, string Signature, byte[] Body, DateTimeOffset At)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement.Clone();

    public string ContactId => Json.GetProperty("contact").GetProperty("id").GetString()!;

    public string StreamId => Json.GetProperty("streamId").GetString()!;

    /// <summary>The version the event brought its contact to, from the stable event id ev-{contactId}-{version}.</summary>
    public long Version => long.Parse(EventId[(EventId.LastIndexOf('-') + 1)..], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// What the README tells receivers to do: hex HMAC-SHA256 of timestamp + "." + body, keyed with the
    /// secret, compared with each space-separated signature of the header (two during a rotation).
    /// </summary>
    public bool IsSignedWith(string secret)
    {
        var signed = Encoding.UTF8.GetBytes(Timestamp + ".").Concat(Body).ToArray();
        var expected = "v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
        return Signatures.Any(s => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(s)));
    }

    /// <summary>The signatures of the Callbook-Signature header.</summary>
    public string[] Signatures => Signature.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>
/// A real HTTP receiver on a loopback port, started and stopped by the test (stopped: connections are refused).
/// It records only the POSTs to its own URL, whose path is unique to it: the shared servers of the suite
/// retry an undelivered event for 24 hours, so a receiver given the port of one that an earlier test
/// stopped would otherwise count that test's events as its own (it answers them 404 instead).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly List<ReceivedEvent> delivered = [];
    private readonly Lock gate = new();
    private WebApplication? app;
    private CancellationTokenSource? hanging;
    private int attempts;

    private WebhookReceiver(int port)
    {
        Port = port;
    }

    public int Port { get; }

    /// <summary>The path of <see cref="Url"/>: /hook/ and a value no other receiver has.</summary>
    public string Path { get; } = "/hook/" + Guid.NewGuid().ToString("N");

    public string Url => $"http://127.0.0.1:{Port}{Path}";

    public ReceiverMode Mode { get; set; } = ReceiverMode.Ok;

    /// <summary>Every POST that reached it, whatever it answered.</summary>
    public int Attempts => Volatile.Read(ref attempts);

    /// <summary>The events it answered 200 to, in arrival order.</summary>
    public IReadOnlyList<ReceivedEvent> Delivered
    {
        get
        {
            lock (gate)
            {
                return [.. delivered];
            }
        }
    }

    /// <param name="mode">How it answers.</param>
    /// <param name="port">A port of its own choosing (a test of port reuse), or a free one.</param>
    public static async Task<WebhookReceiver> StartAsync(ReceiverMode mode = ReceiverMode.Ok, int? port = null)
    {
        var receiver = new WebhookReceiver(port ?? CallbookProcess.FreePort()) { Mode = mode };
        await receiver.StartAgainAsync();
        return receiver;
    }

    /// <summary>A receiver whose port is chosen but not listened on yet.</summary>
    public static WebhookReceiver Down() => new(CallbookProcess.FreePort());

    public async Task StartAgainAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{Port}");
        builder.Logging.ClearProviders();
        hanging = new CancellationTokenSource();
        var hang = hanging.Token;
        app = builder.Build();
        app.MapPost(Path, async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            Interlocked.Increment(ref attempts);
            switch (Mode)
            {
                case ReceiverMode.Hang:
                    using (var both = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, hang))
                    {
                        await Task.Delay(Timeout.Infinite, both.Token).ContinueWith(_ => { }, CancellationToken.None);
                    }
                    return Results.StatusCode(503);
                case ReceiverMode.Fail:
                    return Results.StatusCode(500);
            }
            var headers = context.Request.Headers;
            lock (gate)
            {
                delivered.Add(new ReceivedEvent(headers["Callbook-Event-Id"].ToString(), headers["Callbook-Event-Type"].ToString(),
                    headers["Callbook-Timestamp"].ToString(), headers["Callbook-Signature"].ToString(), body.ToArray(), DateTimeOffset.UtcNow));
            }
            return Results.Ok();
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>Stops listening: from now on connections are refused.</summary>
    public async Task StopAsync()
    {
        if (app is null)
        {
            return;
        }
        await hanging!.CancelAsync();
        await app.StopAsync(CancellationToken.None);
        await app.DisposeAsync();
        hanging.Dispose();
        app = null;
    }

    /// <summary>Waits until the delivered events satisfy <paramref name="done"/>; fails the test after <paramref name="seconds"/>.</summary>
    public async Task<IReadOnlyList<ReceivedEvent>> WaitAsync(Func<IReadOnlyList<ReceivedEvent>, bool> done, int seconds = 30)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var events = Delivered;
            if (done(events))
            {
                return events;
            }
            Assert.True(DateTimeOffset.UtcNow < deadline, $"timed out after {seconds} s with {events.Count} events delivered and {Attempts} attempts: {string.Join(", ", events.Select(e => e.Type))}");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Waits until at least <paramref name="count"/> distinct events arrived.</summary>
    public Task<IReadOnlyList<ReceivedEvent>> WaitForAsync(int count, int seconds = 30) =>
        WaitAsync(events => events.Select(e => e.EventId).Distinct().Count() >= count, seconds);

    public ValueTask DisposeAsync() => new(StopAsync());
}
