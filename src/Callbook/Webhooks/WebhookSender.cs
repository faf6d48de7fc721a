using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace Callbook.Webhooks;

/// <summary>
/// POSTs one signed event. Its own connection pool, apart from request handling; redirects are not
/// followed (a 3xx is a failure); each POST, connecting included, ends after the request timeout.
/// </summary>
public sealed class WebhookSender : IDisposable
{
    public const string EventIdHeader = "Callbook-Event-Id";
    public const string EventTypeHeader = "Callbook-Event-Type";
    public const string TimestampHeader = "Callbook-Timestamp";
    public const string SignatureHeader = "Callbook-Signature";
    public const string AttemptHeader = "Callbook-Attempt";

    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };
    private static readonly ProductInfoHeaderValue UserAgent = new("Callbook-Webhooks", "1");

    private readonly HttpClient http;
    private readonly TimeSpan timeout;
    private readonly TimeProvider clock;

    public WebhookSender(IOptions<WebhookOptions> options, TimeProvider clock)
    {
        timeout = options.Value.RequestTimeout;
        this.clock = clock;
        http = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            ConnectTimeout = timeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    /// <summary>Sends the event; the result says whether the receiver answered 2xx, or what went wrong.</summary>
    public async Task<SendResult> SendAsync(Uri url, string secret, string eventId, string eventType, byte[] body, int attempt, CancellationToken cancellationToken)
    {
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = Json;
        request.Headers.UserAgent.Add(UserAgent);
        request.Headers.Add(EventIdHeader, eventId);
        request.Headers.Add(EventTypeHeader, eventType);
        request.Headers.Add(TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(SignatureHeader, WebhookSignature.Sign(secret, timestamp, body));
        request.Headers.Add(AttemptHeader, attempt.ToString(CultureInfo.InvariantCulture));
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            var status = (int)response.StatusCode;
            return response.IsSuccessStatusCode ? new SendResult(true, status, null) : new SendResult(false, status, $"HTTP {status}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new SendResult(false, null, $"no answer within {timeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException e)
        {
            return new SendResult(false, null, $"{e.HttpRequestError}: {e.Message}");
        }
    }

    public void Dispose() => http.Dispose();
}

/// <param name="StatusCode">The HTTP status, when the receiver answered.</param>
public sealed record SendResult(bool Delivered, int? StatusCode, string? Error);
