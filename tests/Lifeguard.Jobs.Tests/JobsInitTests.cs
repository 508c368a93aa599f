using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using Lifeguard.TestSupport;

namespace Lifeguard.Jobs.Tests;

/// <summary>
/// The worker's build output run as Lambda runs a package, against the fake Runtime API, with its libvips broken:
/// the function must report an init error rather than start and fail every job.
/// </summary>
[Trait("Category", "Integration")]
public sealed class JobsInitTests : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    private readonly string _package = Directory.CreateTempSubdirectory("lifeguard-jobs-package-").FullName;
    private Process? _process;

    [Fact]
    public async Task Run_LibvipsNotALibrary_PostsInitErrorAndExitsNonZero()
    {
        CopyBuiltPackage();
        await File.WriteAllTextAsync(Path.Combine(_package, "runtimes", "linux-x64", "native", "libvips.so.42"), "not a shared library");
        await using var api = await FakeRuntimeApi.StartAsync();

        var exitCode = await RunAsync(api.Address);

        Assert.Equal(1, exitCode);
        var call = Assert.Single(api.Calls);
        Assert.Equal("/2018-06-01/runtime/init/error", call.Path);
        Assert.Equal("InvalidOperationException", call.Header("Lambda-Runtime-Function-Error-Type"));
        using var body = JsonDocument.Parse(call.Body);
        var message = body.RootElement.GetProperty("errorMessage").GetString();
        // Where a system libvips.so.42 is installed (Debian's 8.14 is, with libvips-tools) dlopen falls back to it and
        // the version check refuses it; elsewhere the load fails. Either way the package is named as the fix.
        Assert.StartsWith("libvips ", message, StringComparison.Ordinal);
        Assert.Contains("the package must hold libvips.so.42 from NetVips.Native.linux-x64 beside the executable.", message, StringComparison.Ordinal);
    }

    /// <summary>The Jobs project's own output folder (what `dotnet Lifeguard.Jobs.dll` runs), built in this test's configuration.</summary>
    private void CopyBuiltPackage()
    {
        var configuration = typeof(JobsInitTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
        var built = Path.Combine(RepositoryPaths.Root, "functions", "Lifeguard.Jobs", "bin", configuration, "net10.0");
        foreach (var file in Directory.GetFiles(built, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(_package, Path.GetRelativePath(built, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }
    }

    private async Task<int> RunAsync(string runtimeApi)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(_package, "Lifeguard.Jobs.dll")])
        {
            WorkingDirectory = _package,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["AWS_LAMBDA_RUNTIME_API"] = runtimeApi;
        start.Environment["AWS_LAMBDA_FUNCTION_NAME"] = "lifeguard-jobs-test";
        start.Environment["AWS_REGION"] = "us-east-1";
        start.Environment["AWS_ACCESS_KEY_ID"] = "test";
        start.Environment["AWS_SECRET_ACCESS_KEY"] = "test";
        // Nothing should call AWS before the init error; if something did, it would reach a closed loopback port.
        start.Environment["AWS_ENDPOINT_URL"] = "http://127.0.0.1:9";
        start.Environment.Remove("LIFEGUARD_HANDLER");
        _process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        // Drained so that a chatty child never blocks on a full pipe.
        _ = _process.StandardOutput.ReadToEndAsync();
        _ = _process.StandardError.ReadToEndAsync();
        using var patience = new CancellationTokenSource(Patience);
        try
        {
            await _process.WaitForExitAsync(patience.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"the worker did not exit within {Patience}.");
        }

        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        Directory.Delete(_package, recursive: true);
    }
}
