using System.Diagnostics;

namespace Lifeguard.TestSupport;

/// <summary>Runs a program nobody here wrote (convert, identify, qpdf, pdftotext, node …) and returns what it printed.</summary>
public static class ExternalTool
{
    public static string Run(string tool, IEnumerable<string> arguments, TimeSpan timeout, params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo(tool, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill();
            throw new TimeoutException($"{tool} took over {timeout}");
        }

        return process.ExitCode == 0 ? output.Result : throw new InvalidOperationException($"{tool} exited {process.ExitCode}: {error.Result}");
    }
}
