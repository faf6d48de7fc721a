using System.Diagnostics;
using System.Globalization;

namespace Callbook.Bench.Perf;

/// <summary>
/// With <c>--trace DIR</c>: a dotnet-trace (thread-time sampling) of the server while one workload
/// runs, written to DIR/&lt;store&gt;-&lt;workload&gt;.nettrace; read it with
/// <c>dotnet-trace report FILE topN</c>. Without it, nothing. Needs `dotnet tool install -g dotnet-trace`.
/// </summary>
public sealed class ServerTrace : IAsyncDisposable
{
    private readonly Process? process;

    private ServerTrace(Process? process) => this.process = process;

    public static async Task<ServerTrace> StartAsync(PerfOptions o, ServerProcess server, string workload, int seconds = 20)
    {
        if (o.Trace is null)
        {
            return new ServerTrace(null);
        }
        Directory.CreateDirectory(o.Trace);
        var info = new ProcessStartInfo("dotnet-trace") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardInput = true };
        foreach (var arg in (string[])["collect", "-p", server.Pid.ToString(CultureInfo.InvariantCulture), "--profile", "dotnet-sampled-thread-time",
                     "--duration", TimeSpan.FromSeconds(seconds).ToString(@"dd\:hh\:mm\:ss", CultureInfo.InvariantCulture),
                     "-o", Path.Combine(o.Trace, $"{o.Store}-{workload}.nettrace")])
        {
            info.ArgumentList.Add(arg);
        }
        var process = Process.Start(info)!;
        _ = process.StandardOutput.ReadToEndAsync();
        await Task.Delay(TimeSpan.FromSeconds(2));
        return new ServerTrace(process);
    }

    public async ValueTask DisposeAsync()
    {
        if (process is not null)
        {
            await process.WaitForExitAsync();
            process.Dispose();
        }
    }
}
