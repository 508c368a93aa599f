using System.Diagnostics;
using System.Text.Json;

namespace Lifeguard.TestSupport;

/// <summary>
/// A function's build run as a process, as an operator runs it: `dotnet Lifeguard.X.dll invoke --handler H --event F`,
/// optionally as another user (setpriv), with the environment the CDK construct would set. Returns the report it
/// prints; its logs (stderr) are in the exception when it fails.
/// </summary>
public static class FunctionProcess
{
    public static async Task<JsonElement> InvokeAsync(string project, string handler, string eventJson, IReadOnlyDictionary<string, string?> environment, int? uid = null, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var directory = Directory.CreateTempSubdirectory("lifeguard-invoke-");
        try
        {
            var eventFile = Path.Combine(directory.FullName, "event.json");
            await File.WriteAllTextAsync(eventFile, eventJson).ConfigureAwait(false);
            // Readable by the user it runs as.
            if (OperatingSystem.IsWindows())
            {
                throw new PlatformNotSupportedException("functions run as processes on Linux only");
            }

            File.SetUnixFileMode(directory.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            File.SetUnixFileMode(eventFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            // Another user may not reach the build where it is (a checkout under /root): it runs a copy in the
            // temporary directory, which it can read.
            var build = uid is null ? AppContext.BaseDirectory : CopyBuild(AppContext.BaseDirectory, Path.Combine(directory.FullName, "build"));
            var dll = Path.Combine(build, project + ".dll");
            string[] command = ["dotnet", dll, "invoke", "--handler", handler, "--event", eventFile];
            var start = uid is { } id
                ? new ProcessStartInfo("setpriv", [$"--reuid={id}", $"--regid={id}", "--clear-groups", "--", .. command])
                : new ProcessStartInfo(command[0], command[1..]);
            start.RedirectStandardOutput = start.RedirectStandardError = true;
            start.UseShellExecute = false;
            start.Environment["HOME"] = directory.FullName;
            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            foreach (var (name, value) in environment)
            {
                start.Environment[name] = value;
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException($"{project} did not start");
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var limit = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
            try
            {
                await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{project} invoke took over {timeout}: {await error.ConfigureAwait(false)}");
            }

            var result = (await output.ConfigureAwait(false)).Trim();
            return process.ExitCode == 0 && result.Length > 0
                ? JsonDocument.Parse(result).RootElement.Clone()
                : throw new InvalidOperationException($"{project} invoke exited {process.ExitCode}: {await error.ConfigureAwait(false)}");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static string CopyBuild(string from, string to)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("functions run as another user on Linux only");
        }

        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        foreach (var directory in Directory.EnumerateDirectories(to, "*", SearchOption.AllDirectories).Append(to))
        {
            File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }

        return to;
    }
}
