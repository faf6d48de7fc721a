using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Callbook.Api.Auth;

namespace Callbook.Bench.Perf;

/// <summary>An HTTP client for one stream of the server under test: keep-alive connections, the tenant's headers.</summary>
public sealed class Api : IDisposable
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    /// <param name="token">The auth header; a token of the HS256 app made by `callbook init` when absent.</param>
    public Api(string url, PerfOptions o, string streamId, int connections, string? token = null)
    {
        Http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseCookies = false,
            UseProxy = false,
        })
        {
            BaseAddress = new Uri(url),
            Timeout = TimeSpan.FromMinutes(30),
        };
        Http.DefaultRequestHeaders.Add("accountId", o.Account);
        Http.DefaultRequestHeaders.Add("auth", token ?? Tokens.Issue(o.ClientId, o.Secret, TimeSpan.FromHours(6), DateTimeOffset.UtcNow));
        Contacts = $"/agentassist/api/v1/public/{streamId}/contacts";
    }

    public HttpClient Http { get; }

    /// <summary>The stream's contacts route.</summary>
    public string Contacts { get; }

    /// <summary>Sends and reads the whole answer; anything but the expected status stops the run.</summary>
    public async Task<byte[]> SendAsync(HttpMethod method, string path, HttpContent? content, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        using var response = await Http.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();
        if (response.StatusCode != expected)
        {
            throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {System.Text.Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(body.Length, 500)))}");
        }
        return body;
    }

    public Task<byte[]> SendJsonAsync(HttpMethod method, string path, byte[] json, HttpStatusCode expected)
    {
        var content = new ByteArrayContent(json);
        content.Headers.ContentType = Json;
        return SendAsync(method, path, content, expected);
    }

    /// <summary>
    /// <paramref name="connections"/> workers send GETs back to back for <paramref name="duration"/>
    /// (after a warm-up of a fifth of it); every answer must be 200.
    /// </summary>
    public async Task<LoadResult> LoadAsync(int connections, TimeSpan duration, Func<Random, string> path, ServerProcess server)
    {
        await RunWorkersAsync(connections, duration / 5, path, []);
        var latencies = new List<long>[connections];
        var cpu = server.CpuTime();
        var clock = Stopwatch.StartNew();
        await RunWorkersAsync(connections, duration, path, latencies);
        var elapsed = clock.Elapsed;
        cpu = server.CpuTime() - cpu;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        double Ms(double q) => Stopwatch.GetElapsedTime(0, all[Math.Min(all.Length - 1, (int)(all.Length * q))]).TotalMilliseconds;
        return new LoadResult(all.Length / elapsed.TotalSeconds, Ms(0.5), Ms(0.99), cpu.TotalMicroseconds / all.Length);
    }

    public void Dispose() => Http.Dispose();

    private async Task RunWorkersAsync(int connections, TimeSpan duration, Func<Random, string> path, List<long>[] latencies)
    {
        var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(Enumerable.Range(0, connections).Select(w => Task.Run(async () =>
        {
            var random = new Random(w);
            var mine = new List<long>(1 << 16);
            if (latencies.Length > 0)
            {
                latencies[w] = mine;
            }
            while (Stopwatch.GetTimestamp() < end)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await Http.GetAsync(path(random));
                await response.Content.ReadAsByteArrayAsync();
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    throw new InvalidOperationException($"GET: {(int)response.StatusCode}");
                }
                mine.Add(Stopwatch.GetTimestamp() - started);
            }
        })));
    }
}

/// <summary>Throughput and latency of one closed-loop load run.</summary>
/// <param name="ServerCpuMicroseconds">The server's CPU time per request (user + system).</param>
public sealed record LoadResult(double PerSecond, double P50Ms, double P99Ms, double ServerCpuMicroseconds);
