using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Callbook.Webhooks;
using Microsoft.Extensions.Options;

namespace Callbook.Dispatch;

/// <summary>
/// POSTs one signed event. Its own connection pool, apart from request handling; redirects are not
/// followed (a 3xx is a failure); no proxy is used; each POST, connecting included, ends after the
/// request timeout. Every connection resolves the host itself and dials only addresses the
/// <see cref="WebhookAddressPolicy"/> accepts, so a name that resolved to a public address when the
/// subscription was made and to a private one now (DNS rebinding) is refused at connection time.
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

    public WebhookSender(IOptions<WebhookOptions> options, WebhookAddressPolicy policy, TimeProvider clock)
    {
        timeout = options.Value.RequestTimeout;
        this.clock = clock;
        http = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            ConnectTimeout = timeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            UseProxy = false,
            ConnectCallback = (context, cancellationToken) => ConnectAsync(policy, context.DnsEndPoint, cancellationToken),
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    /// <summary>
    /// Sends the event signed with each of <paramref name="secrets"/> (the current one first; during a
    /// rotation's grace period the replaced one too); the result says whether the receiver answered 2xx,
    /// or what went wrong.
    /// </summary>
    public async Task<SendResult> SendAsync(Uri url, IReadOnlyList<string> secrets, string eventId, string eventType, byte[] body, int attempt, CancellationToken cancellationToken)
    {
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = Json;
        request.Headers.UserAgent.Add(UserAgent);
        request.Headers.Add(EventIdHeader, eventId);
        request.Headers.Add(EventTypeHeader, eventType);
        request.Headers.Add(TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(SignatureHeader, WebhookSignature.SignAll(secrets, timestamp, body));
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

    /// <summary>Resolves the host, refuses it unless every address is accepted, and dials the accepted addresses in turn.</summary>
    private static async ValueTask<Stream> ConnectAsync(WebhookAddressPolicy policy, System.Net.DnsEndPoint endpoint, CancellationToken cancellationToken)
    {
        var (addresses, refusal) = await policy.ResolveAsync(endpoint.Host, cancellationToken);
        if (refusal is not null)
        {
            throw new HttpRequestException(HttpRequestError.ConnectionError, "refused: " + refusal);
        }
        SocketException? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(address, endpoint.Port, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        throw new HttpRequestException(HttpRequestError.ConnectionError, last?.Message ?? "no address to connect to", last);
    }
}

/// <param name="StatusCode">The HTTP status, when the receiver answered.</param>
public sealed record SendResult(bool Delivered, int? StatusCode, string? Error);
