using System.Diagnostics;
using System.Globalization;

namespace Callbook.Bench.Perf;

/// <summary>
/// `callbook serve` in Release as a child process of its own (its log goes to a file), with the
/// benchmark's fixed endpoint on and rate limits out of the way. Knows its start-up time and reads
/// its resident memory from /proc.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process process;

    private ServerProcess(Process process, string url, TimeSpan startup)
    {
        this.process = process;
        Url = url;
        Startup = startup;
    }

    public string Url { get; }

    public int Pid => process.Id;

    /// <summary>From starting the process to the first 200 of /readyz.</summary>
    public TimeSpan Startup { get; }

    public static async Task<ServerProcess> StartAsync(PerfOptions o, string log)
    {
        var port = FreePort();
        var url = $"http://127.0.0.1:{port}";
        var info = new ProcessStartInfo("bash") { UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("exec dotnet \"$0\" serve --db \"$1\" --urls \"$2\" --no-demo >>\"$3\" 2>&1");
        foreach (var arg in (string[])[o.Callbook, o.Db, url, log])
        {
            info.ArgumentList.Add(arg);
        }
        info.Environment["Callbook__Bench__FixedEndpoint"] = "true";
        info.Environment["Callbook__RateLimits__PerMinute"] = "1000000000";
        info.Environment["Callbook__RateLimits__PerHour"] = "1000000000";
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();
        var process = Process.Start(info)!;
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"callbook serve exited with {process.ExitCode}; see {log}");
            }
            try
            {
                using var ready = await probe.GetAsync(url + "/readyz");
                if (ready.IsSuccessStatusCode)
                {
                    return new ServerProcess(process, url, clock.Elapsed);
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet, or a probe slower than 2 s on a loaded machine: ask again.
            }
            await Task.Delay(5);
        }
        process.Kill();
        throw new TimeoutException($"callbook serve was not ready within 60 s; see {log}");
    }

    /// <summary>VmRSS (now) and VmHWM (peak) in MB.</summary>
    public (double Rss, double Peak) Memory()
    {
        double rss = 0, peak = 0;
        foreach (var line in File.ReadLines($"/proc/{Pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = Kb(line) / 1024.0;
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                peak = Kb(line) / 1024.0;
            }
        }
        return (rss, peak);
    }

    /// <summary>User + system CPU time the server has used so far (/proc/PID/stat, clock ticks of 10 ms).</summary>
    public TimeSpan CpuTime()
    {
        var stat = File.ReadAllText($"/proc/{Pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromMilliseconds(ticks * 10);
    }

    /// <summary>Samples VmRSS every 20 ms until cancelled; the highest value seen, in MB.</summary>
    public async Task<double> PeakRssWhileAsync(Task work)
    {
        var peak = Memory().Rss;
        while (!work.IsCompleted)
        {
            peak = Math.Max(peak, Memory().Rss);
            await Task.WhenAny(work, Task.Delay(20));
        }
        await work;
        return Math.Max(peak, Memory().Rss);
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            // SIGTERM: the host shuts down cleanly (SQLite checkpoints its WAL), as an operator would stop it.
            using (var term = Process.Start("kill", ["-TERM", Pid.ToString(CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync();
            }
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await process.WaitForExitAsync(patience.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill();
                await process.WaitForExitAsync();
            }
        }
        process.Dispose();
    }

    private static long Kb(string line) =>
        long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);

    private static int FreePort()
    {
        using var socket = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        socket.Start();
        return ((System.Net.IPEndPoint)socket.LocalEndpoint).Port;
    }
}
