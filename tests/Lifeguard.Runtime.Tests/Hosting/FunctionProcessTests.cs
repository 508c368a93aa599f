using System.Diagnostics;
using System.Text.Json;
using Lifeguard.TestSupport;

namespace Lifeguard.Runtime.Tests.Hosting;

/// <summary>The echo function as a real process, as Lambda starts it: environment in, Runtime API over HTTP.</summary>
[Trait("Category", "Integration")]
public sealed class FunctionProcessTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    // The function's own build output, not the copy beside the tests: the test host carries the ASP.NET Core
    // framework, so the copy here lacks the package assemblies the function's deps.json expects.
    private static readonly string FunctionDll = Path.Combine(
        RepositoryPaths.Root, "tests", "Lifeguard.Runtime.EchoFunction", "bin",
        new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name, // Debug or Release, as the tests were built
        "net10.0", "Lifeguard.Runtime.EchoFunction.dll");

    [Fact]
    public async Task Process_RuntimeApiGoesAway_AnswersEveryInvocationThenExitsNonZero()
    {
        var api = await FakeRuntimeApi.StartAsync();
        var deadline = TimeProvider.System.GetUtcNow().AddMinutes(1);
        api.Enqueue("p1", """{"message":"first"}""", deadline, traceId: "Root=1-1");
        api.Enqueue("p2", """{"message":"second","action":"throw"}""", deadline);
        using var process = Start(new Dictionary<string, string>
        {
            ["AWS_LAMBDA_RUNTIME_API"] = api.Address,
            ["AWS_LAMBDA_FUNCTION_NAME"] = "echo-under-test",
            ["LIFEGUARD_HANDLER"] = "echo",
        });
        try
        {
            var calls = await api.WaitForCallsAsync(5, Patience);
            await api.DisposeAsync(); // the pending GET /next now fails, as when Lambda tears the sandbox down

            await process.WaitForExitAsync().WaitAsync(Patience);
            Assert.NotEqual(0, process.ExitCode);
            Assert.Equal("/2018-06-01/runtime/invocation/p1/response", calls[1].Path);
            Assert.Equal("echo-under-test", JsonDocument.Parse(calls[1].Body).RootElement.GetProperty("functionName").GetString());
            Assert.Equal("/2018-06-01/runtime/invocation/p2/error", calls[3].Path);
        }
        finally
        {
            Stop(process);
        }
    }

    [Fact]
    public async Task Process_LocalInvokeWithSampleEvent_PrintsTheResult()
    {
        var sample = Path.Combine(RepositoryPaths.Events, "runtime", "echo.json");
        using var process = Start(new Dictionary<string, string>(), "invoke", "--handler", "echo", "--event", sample);
        try
        {
            var stdout = await process.StandardOutput.ReadToEndAsync().WaitAsync(Patience);
            await process.WaitForExitAsync().WaitAsync(Patience);

            Assert.Equal(0, process.ExitCode);
            Assert.Equal("hello from events/runtime/echo.json", JsonDocument.Parse(stdout).RootElement.GetProperty("message").GetString());
        }
        finally
        {
            Stop(process);
        }
    }

    private static Process Start(Dictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", [FunctionDll, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment.Remove("AWS_LAMBDA_RUNTIME_API");
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start)!;
        if (args.Length == 0)
        {
            process.BeginOutputReadLine();
        }

        process.BeginErrorReadLine();
        return process;
    }

    private static void Stop(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }
    }
}
