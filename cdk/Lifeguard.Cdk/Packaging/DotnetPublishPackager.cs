using System.Diagnostics;

namespace Lifeguard.Cdk.Packaging;

/// <summary>
/// `dotnet publish` of functions/&lt;project&gt; for Lambda: Release, linux-x64, framework-dependent (the managed
/// dotnet10 runtime provides .NET), ReadyToRun (pre-compiled, so a cold start JITs little).
/// Runs locally at synth time: no Docker on build machines, and the SDK that builds the CDK app builds the functions.
/// </summary>
public sealed class DotnetPublishPackager(string repositoryRoot) : IFunctionPackager
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(10);

    public string Package(string projectName)
    {
        var project = Path.Combine(repositoryRoot, "functions", projectName, projectName + ".csproj");
        if (!File.Exists(project))
        {
            throw new FileNotFoundException($"No function project {project}.", project);
        }

        var output = Path.Combine(repositoryRoot, ".artifacts", "lambda", projectName);
        if (Directory.Exists(output))
        {
            // Stale files from an earlier publish would otherwise ride along in the package.
            Directory.Delete(output, recursive: true);
        }

        var start = new ProcessStartInfo("dotnet",
        [
            "publish", project, "--configuration", "Release", "--runtime", "linux-x64", "--self-contained", "false",
            "-p:PublishReadyToRun=true", "-p:GenerateDocumentationFile=false", "--output", output, "--nologo", "--verbosity", "quiet",
        ])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(PublishTimeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet publish {projectName} took longer than {PublishTimeout}.");
        }

        return process.ExitCode == 0
            ? output
            : throw new InvalidOperationException($"dotnet publish {projectName} failed ({process.ExitCode}):\n{stdout.Result}\n{stderr.Result}");
    }
}
