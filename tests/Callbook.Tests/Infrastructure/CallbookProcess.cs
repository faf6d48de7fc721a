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

    /// <summary>
    /// The data directory every process of the suite gets as its user's (XDG_DATA_HOME), so that a
    /// command without --db never touches the real user's database or key ring.
    /// </summary>
    public static string DataHome { get; } = Path.Combine(Path.GetTempPath(), "callbook-tests", "data-home");

    /// <summary>Runs a command to completion and returns its exit code and standard output.</summary>
    public static Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args) => RunInAsync(null, null, args);

    /// <summary>Runs a command in <paramref name="workingDirectory"/> (default: the temp folder) with extra environment variables (null removes one).</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunInAsync(string? workingDirectory, IReadOnlyDictionary<string, string?>? environment, params string[] args)
    {
        using var process = Process.Start(StartInfo(args, workingDirectory, environment))!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Starts <c>serve</c> and waits until /healthz answers.</summary>
    public static Task<CallbookProcess> ServeAsync(string db, int port, params string[] extra) => ServeAsync(null, db, port, extra);

    /// <summary>Starts <c>serve</c> with extra environment variables (and without --db when <paramref name="db"/> is null) and waits until /healthz answers.</summary>
    public static async Task<CallbookProcess> ServeAsync(IReadOnlyDictionary<string, string?>? environment, string? db, int port, params string[] extra)
    {
        string[] location = db is null ? [] : ["--db", db];
        var process = Process.Start(StartInfo(["serve", .. location, "--urls", $"http://127.0.0.1:{port}", .. extra], null, environment))!;
        var server = new CallbookProcess(process);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        // Up to 60 s: on a loaded 2-core machine a start takes 20 s and more (seen at a load average of 70-100).
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

    /// <summary>How the suite starts the executable: dotnet callbook.dll, outside the repository, with none of the developer's Callbook settings.</summary>
    public static ProcessStartInfo StartInfo(string[] args, string? workingDirectory = null, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        info.ArgumentList.Add(Executable);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("CALLBOOK_", StringComparison.OrdinalIgnoreCase) || k.StartsWith("Callbook__", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            info.Environment.Remove(name);
        }
        info.Environment["XDG_DATA_HOME"] = DataHome;
        // The test receivers listen on loopback, which webhooks refuse by default (serve and the CLI read this).
        info.Environment["Callbook__Webhooks__AllowedNetworks__0"] = "127.0.0.0/8";
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }
        return info;
    }
}
