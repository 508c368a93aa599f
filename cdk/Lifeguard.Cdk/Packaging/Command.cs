using System.ComponentModel;
using System.Diagnostics;

namespace Lifeguard.Cdk.Packaging;

/// <summary>Runs a build tool (dotnet, objdump) to completion, or kills it when it overstays its timeout.</summary>
internal static class Command
{
    public static CommandResult Run(string fileName, IEnumerable<string> arguments, TimeSpan timeout, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(fileName, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? string.Empty,
        };
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{fileName} did not start.");
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException($"{fileName} is not on PATH; `make tools` (eng/ensure-tools.sh) installs what packaging needs.", ex);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                throw new TimeoutException($"{fileName} {string.Join(' ', start.ArgumentList)} took longer than {timeout}.");
            }

            return new CommandResult(process.ExitCode, output.Result, error.Result);
        }
    }
}
