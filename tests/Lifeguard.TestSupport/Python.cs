using System.Diagnostics;

namespace Lifeguard.TestSupport;

/// <summary>Runs a Python script (boto3, botocore: implementations nobody here wrote) and returns what it printed.</summary>
public static class Python
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(2);

    public static async Task<string> RunAsync(string script, IReadOnlyDictionary<string, string?>? environment = null, string? stdin = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo("python3", ["-c", script])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start.");
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (stdin is not null)
            {
                await process.StandardInput.WriteAsync(stdin).ConfigureAwait(false);
            }

            process.StandardInput.Close();
            await process.WaitForExitAsync().WaitAsync(timeout ?? DefaultTimeout).ConfigureAwait(false);
            return process.ExitCode == 0
                ? await stdout.ConfigureAwait(false)
                : throw new InvalidOperationException($"python3 exited {process.ExitCode}:\n{await stderr.ConfigureAwait(false)}");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }
}
