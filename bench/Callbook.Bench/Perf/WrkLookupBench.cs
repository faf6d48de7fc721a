using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Callbook.Api.Auth;
using Callbook.Hosting;

namespace Callbook.Bench.Perf;

/// <summary>
/// #3 as issue 13 measures it: <c>wrk -t2 -c16 --latency</c> (a load generator far cheaper per
/// request than <see cref="Api"/>'s HttpClient) looks up random imported numbers, against the fixed
/// endpoint of the same server through the same script and headers. Alternating rounds, best of
/// each. Targets: PostgreSQL ≥ 9,000 req/s, SQLite ≥ 0.6× the fixed endpoint, p99 ≤ 10 ms on both.
/// </summary>
public static partial class WrkLookupBench
{
    private const int Threads = 2;
    private const int Connections = 16;
    private const int Rounds = 2;
    private const int SampleNumbers = 100_000;
    private const double PostgresTarget = 9000;

    public static async Task RunAsync(PerfOptions o, ServerProcess server, Report report)
    {
        if (!await WrkInstalledAsync() || Script() is null)
        {
            report.Add(new Row("3w", "caller lookup under wrk", "skipped: wrk or Perf/lookup.lua not found (bench/run.sh installs wrk)", "—", "—", "—", null));
            return;
        }
        var numbers = WriteNumbers(o);
        var token = Tokens.Issue(o.ClientId, o.Secret, TimeSpan.FromHours(6), DateTimeOffset.UtcNow);
        var lookupPath = $"/agentassist/api/v1/public/{o.ImportStream}/contacts?phone=%2B1";
        var duration = o.LoadDuration;
        Task<WrkResult> Lookup(TimeSpan d) => RunWrkAsync(server, d, numbers, lookupPath, token, o.Account);
        Task<WrkResult> Fixed(TimeSpan d) => RunWrkAsync(server, d, "-", BenchEndpoint.Path, token, o.Account);

        await Lookup(duration / 5);
        await Fixed(duration / 5);
        WrkResult? bestLookup = null, bestFixed = null;
        for (var round = 0; round < Rounds; round++)
        {
            var fixedRun = await Fixed(duration);
            var lookupRun = await Lookup(duration);
            Console.Error.WriteLine($"wrk round {round}: fixed {fixedRun}, lookup {lookupRun}");
            bestFixed = bestFixed is null || fixedRun.PerSecond > bestFixed.PerSecond ? fixedRun : bestFixed;
            bestLookup = bestLookup is null || lookupRun.PerSecond > bestLookup.PerSecond ? lookupRun : bestLookup;
        }

        var load = $"wrk -t{Threads} -c{Connections}";
        if (o.Store == "postgres")
        {
            report.Add(new Row("3w", $"caller lookup ?phone=, {load}, stream of {o.ImportRows:N0}", $"{PerfOptions.F(bestLookup!.PerSecond)} req/s (p50 {Ms(bestLookup.P50Ms)})",
                $"fixed contact endpoint: {PerfOptions.F(bestFixed!.PerSecond)} req/s", Ratio(bestLookup, bestFixed), $"≥ {PostgresTarget:N0} req/s",
                bestLookup.PerSecond >= PostgresTarget));
        }
        else
        {
            report.AddRatio("3w", $"caller lookup ?phone=, {load}, stream of {o.ImportRows:N0}", "req/s", bestLookup!.PerSecond, bestFixed!.PerSecond,
                "fixed contact endpoint", 0.6, $" (p50 {Ms(bestLookup.P50Ms)})");
        }
        report.Add(new Row("3w", $"caller lookup p99 latency, {load}", $"p99 {Ms(bestLookup.P99Ms)}",
            $"fixed: p50 {Ms(bestFixed.P50Ms)}, p99 {Ms(bestFixed.P99Ms)}", "—", "≤ 10 ms", bestLookup.P99Ms <= 10));
        report.Add(new Row("3w", $"server CPU per request (user + system), {load}", $"lookup {PerfOptions.F(bestLookup.ServerCpuMicroseconds)} µs",
            $"fixed: {PerfOptions.F(bestFixed.ServerCpuMicroseconds)} µs", "—", "—", null));
    }

    /// <summary>The wrk script: next to the driver, or in the source tree bench/run.sh runs from.</summary>
    private static string? Script() =>
        new[] { Path.Combine(AppContext.BaseDirectory, "lookup.lua"), Path.Combine("bench", "Callbook.Bench", "Perf", "lookup.lua") }
            .Select(Path.GetFullPath).FirstOrDefault(File.Exists);

    private static string Ms(double ms) => PerfOptions.F(ms, "F2") + " ms";

    private static string Ratio(WrkResult figure, WrkResult baseline) =>
        (figure.PerSecond / baseline.PerSecond).ToString("F2", CultureInfo.InvariantCulture) + "×";

    /// <summary>Up to 100,000 of the imported numbers (national digits), in random order.</summary>
    private static string WriteNumbers(PerfOptions o)
    {
        var path = Path.Combine(o.Work, "lookup-numbers.txt");
        var random = new Random(13);
        var count = Math.Min(SampleNumbers, o.ImportRows);
        File.WriteAllLines(path, Enumerable.Range(0, count).Select(_ => ContactData.Imported.National(random.Next(o.ImportRows))));
        return path;
    }

    private static async Task<bool> WrkInstalledAsync()
    {
        try
        {
            using var probe = Process.Start(new ProcessStartInfo("wrk", "-v") { RedirectStandardOutput = true, RedirectStandardError = true })!;
            await probe.WaitForExitAsync();
            return true;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    private static async Task<WrkResult> RunWrkAsync(ServerProcess server, TimeSpan duration, string numbers, string path, string token, string account)
    {
        var info = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in (string[])[$"-t{Threads}", $"-c{Connections}", $"-d{Math.Max(1, (int)duration.TotalSeconds)}s", "--latency",
                     "-s", Script()!, server.Url, "--", numbers, path, token, account])
        {
            info.ArgumentList.Add(arg);
        }
        var cpu = server.CpuTime();
        using var wrk = Process.Start(info)!;
        var errors = wrk.StandardError.ReadToEndAsync();
        var output = await wrk.StandardOutput.ReadToEndAsync();
        await wrk.WaitForExitAsync();
        cpu = server.CpuTime() - cpu;
        if (wrk.ExitCode != 0 || NonSuccess().Match(output) is { Success: true } || SocketErrors().Match(output) is { Success: true })
        {
            throw new InvalidOperationException($"wrk on {path} failed (exit {wrk.ExitCode}):\n{output}\n{await errors}");
        }
        var requests = double.Parse(RequestCount().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        return new WrkResult(
            double.Parse(PerSecond().Match(output).Groups[1].Value, CultureInfo.InvariantCulture),
            Latency(output, "50%"), Latency(output, "99%"), cpu.TotalMicroseconds / requests);
    }

    /// <summary>A line of wrk's latency distribution ("     99%    5.67ms") in milliseconds.</summary>
    private static double Latency(string output, string percentile)
    {
        var match = Regex.Match(output, @"^\s*" + Regex.Escape(percentile) + @"\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
        if (!match.Success)
        {
            throw new InvalidOperationException($"wrk printed no {percentile} latency:\n{output}");
        }
        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch { "us" => value / 1000, "s" => value * 1000, _ => value };
    }

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex PerSecond();

    [GeneratedRegex(@"(\d+) requests in ")]
    private static partial Regex RequestCount();

    [GeneratedRegex(@"Non-2xx or 3xx responses: \d+")]
    private static partial Regex NonSuccess();

    [GeneratedRegex(@"Socket errors:.*\b[1-9]\d*\b")]
    private static partial Regex SocketErrors();

    /// <summary>One wrk run: throughput, latency percentiles, and the server's CPU time per request.</summary>
    private sealed record WrkResult(double PerSecond, double P50Ms, double P99Ms, double ServerCpuMicroseconds)
    {
        public override string ToString() =>
            $"{PerSecond:F0} req/s, p50 {P50Ms:F2} ms, p99 {P99Ms:F2} ms, server {ServerCpuMicroseconds:F0} µs/request";
    }
}
