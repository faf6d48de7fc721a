using System.Diagnostics;

namespace Callbook.Tests.Infrastructure;

/// <summary>
/// Debian's headless LibreOffice Calc (<c>libreoffice-calc-nogui</c>, which .ci/run installs) as the
/// spreadsheet program of the tests: it opens files and saves them again as a user would. Each run
/// uses its own profile under /tmp, so parallel runs and a user's own LibreOffice never meet.
/// </summary>
public static class LibreOffice
{
    /// <summary>CSV filter options: comma, double quote, UTF-8 (76), from line 1.</summary>
    private const string CsvOptions = "44,34,76,1";

    public static string? Path => new[] { "/usr/bin/soffice", "/usr/lib/libreoffice/program/soffice" }.FirstOrDefault(File.Exists);

    public static void SkipUnlessAvailable()
    {
        if (Path is null)
        {
            Assert.Skip("LibreOffice is not installed (apt-get install libreoffice-calc-nogui; .ci/run does): the spreadsheet round trips cannot run.");
        }
    }

    /// <summary>Opens each input and saves it as <paramref name="format"/> (csv or xlsx) into <paramref name="outDir"/>.</summary>
    public static async Task ConvertAsync(string format, string outDir, params string[] inputs)
    {
        var profile = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "callbook-lo-" + Guid.NewGuid().ToString("N"));
        var start = new ProcessStartInfo(Path!) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "--headless", "--norestore", $"-env:UserInstallation=file://{profile}", $"--infilter=CSV:{CsvOptions}",
                     "--convert-to", format == "csv" ? $"csv:Text - txt - csv (StarCalc):{CsvOptions}" : "xlsx:Calc MS Excel 2007 XML", "--outdir", outDir })
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var input in inputs)
        {
            start.ArgumentList.Add(input);
        }
        try
        {
            using var process = Process.Start(start)!;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            timeout.CancelAfter(TimeSpan.FromMinutes(3));
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var error = process.StandardError.ReadToEndAsync(timeout.Token);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }
            Assert.True(process.ExitCode == 0, $"soffice exited with {process.ExitCode}: {await output} {await error}");
        }
        finally
        {
            Directory.Delete(profile, recursive: true);
        }
    }
}
