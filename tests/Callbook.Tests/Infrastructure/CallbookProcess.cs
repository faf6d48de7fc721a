using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Callbook.Tests.Infrastructure;

/// <summary>The real executable (callbook.dll next to the tests), run as a separate process.</summary>
public sealed class CallbookProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly Lock gate = new();

    private CallbookProcess(Process process)
    {
        this.process = process;
    }

    public string Output
    {
        get
        {
            lock (gate)
            {
                return output.ToString();
            }
        }
    }

    public static string Executable => Path.Combine(AppContext.BaseDirectory, "callbook.dll");

    /// <summary>Runs a command to completion and returns its exit code and standard output.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        using var process = Process.Start(StartInfo(args))!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Starts <c>serve</c> and waits until /healthz answers.</summary>
    public static async Task<CallbookProcess> ServeAsync(string db, int port, params string[] extra)
    {
        var process = Process.Start(StartInfo(["serve", "--db", db, "--urls", $"http://127.0.0.1:{port}", .. extra]))!;
        var server = new CallbookProcess(process);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        // Up to 60 s: on a loaded machine (many suites on two cores) start-up alone has taken over 15 s.
        for (var attempt = 0; attempt < 600; attempt++)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException("callbook serve exited: " + server.Output);
            }
            try
            {
                if ((await http.GetAsync("/healthz", TestContext.Current.CancellationToken)).StatusCode == HttpStatusCode.OK)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
        await server.DisposeAsync();
        throw new TimeoutException("callbook serve did not answer /healthz: " + server.Output);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>SIGKILL: no shutdown code runs, as in a crash or an OOM kill.</summary>
    public async Task KillAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
        }
        process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (gate)
        {
            output.AppendLine(line);
        }
    }

    private static ProcessStartInfo StartInfo(string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        info.ArgumentList.Add(Executable);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        info.Environment.Remove("CALLBOOK_DB");
        info.Environment.Remove("CALLBOOK_URLS");
        // The test receivers listen on loopback, which webhooks refuse by default (serve and the CLI read this).
        info.Environment["Callbook__Webhooks__AllowedNetworks__0"] = "127.0.0.0/8";
        return info;
    }
}
