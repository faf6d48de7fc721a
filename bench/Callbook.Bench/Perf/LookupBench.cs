using System.Net;
using System.Text.Json;
using Callbook.Hosting;

namespace Callbook.Bench.Perf;

/// <summary>
/// #3: how close does the caller lookup (?phone= of random existing numbers, 16 connections) come
/// to the same server answering a fixed contact of the same size without storage or auth?
/// Alternating runs, best of each: the machine is shared and noisy.
/// </summary>
public static class LookupBench
{
    private const int Connections = 16;
    private const int Rounds = 2;

    public static async Task RunAsync(PerfOptions o, ServerProcess server, Report report)
    {
        var data = ContactData.Imported;
        var n = o.ImportRows;
        using var api = new Api(server.Url, o, o.ImportStream, Connections);
        string Lookup(Random random) => api.Contacts + "?phone=%2B1" + data.National(random.Next(n));
        var sample = await api.SendAsync(HttpMethod.Get, Lookup(new Random(1)), null, HttpStatusCode.OK);
        using (var found = JsonDocument.Parse(sample))
        {
            if (found.RootElement.GetProperty("totalResults").GetInt32() != 1)
            {
                throw new InvalidOperationException("a caller lookup of an imported number did not find exactly one contact");
            }
        }
        var fixedBody = await api.SendAsync(HttpMethod.Get, BenchEndpoint.Path, null, HttpStatusCode.OK);
        Console.Error.WriteLine($"lookup answer {sample.Length} bytes, fixed answer {fixedBody.Length} bytes");

        LoadResult? bestFixed = null, bestLookup = null;
        for (var round = 0; round < Rounds; round++)
        {
            var fixedRun = await api.LoadAsync(Connections, o.LoadDuration, _ => BenchEndpoint.Path, server);
            var lookupRun = await api.LoadAsync(Connections, o.LoadDuration, Lookup, server);
            Console.Error.WriteLine($"round {round}: fixed {fixedRun}, lookup {lookupRun}");
            bestFixed = bestFixed is null || fixedRun.PerSecond > bestFixed.PerSecond ? fixedRun : bestFixed;
            bestLookup = bestLookup is null || lookupRun.PerSecond > bestLookup.PerSecond ? lookupRun : bestLookup;
        }

        report.AddRatio("3", $"caller lookup ?phone=, {Connections} connections, stream of {n:N0}", "req/s", bestLookup!.PerSecond, bestFixed!.PerSecond,
            "fixed contact endpoint", 0.6, $" (p50 {PerfOptions.F(bestLookup.P50Ms, "F2")} ms)");
        report.Add(new Row("3", "caller lookup p99 latency", $"p99 {PerfOptions.F(bestLookup.P99Ms, "F2")} ms",
            $"fixed: p50 {PerfOptions.F(bestFixed.P50Ms, "F2")} ms, p99 {PerfOptions.F(bestFixed.P99Ms, "F2")} ms", "—", "≤ 10 ms", bestLookup.P99Ms <= 10));
        report.Add(new Row("3", "server CPU per request (user + system)", $"lookup {PerfOptions.F(bestLookup.ServerCpuMicroseconds)} µs",
            $"fixed: {PerfOptions.F(bestFixed.ServerCpuMicroseconds)} µs", "—", "—", null));
    }
}
