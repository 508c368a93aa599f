using System.Text.Json;
using Lifeguard.Runtime.Hosting;
using Lifeguard.TestSupport;

using Lifeguard.Runtime.EchoFunction;

namespace Lifeguard.Runtime.Tests.Hosting;

/// <summary>The real loop, end to end, against a fake Runtime API on loopback.</summary>
public sealed class LambdaBootstrapTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private const string NextPath = "/2018-06-01/runtime/invocation/next";

    [Fact]
    public async Task RunAsync_SixInvocationsIncludingFailures_RespondsToEachAndKeepsLooping()
    {
        await using var api = await FakeRuntimeApi.StartAsync();
        var (environment, options, _) = CreateSut(api, handler: "echo");
        var far = TimeProvider.System.GetUtcNow().AddMinutes(5);
        api.Enqueue("r1", """{"message":"hello"}""", far, traceId: "Root=1-5759e988-bd862e3fe1be46a994272793");
        api.Enqueue("r2", """{"message":"boom","action":"throw"}""", far);
        api.Enqueue("r3", """{"message": "unterminated""", far);
        api.Enqueue("r4", """{"action":"echo"}""", far);
        api.Enqueue("r5", """{"message":"slow","action":"hang"}""", TimeProvider.System.GetUtcNow().AddMilliseconds(1500));
        api.Enqueue("r6", """{"message":"still alive"}""", far, traceId: "Root=1-aaaa");
        using var shutdown = new CancellationTokenSource();

        var run = LambdaHost.RunAsync([], EchoHandler.Register, options, shutdown.Token);
        var calls = await api.WaitForCallsAsync(13, Patience);
        shutdown.Cancel();
        var exitCode = await run.WaitAsync(Patience);

        Assert.Equal(0, exitCode);
        var posts = calls.Where(c => c.Method == "POST").ToList();
        Assert.Equal(
            [
                "/2018-06-01/runtime/invocation/r1/response",
                "/2018-06-01/runtime/invocation/r2/error",
                "/2018-06-01/runtime/invocation/r3/error",
                "/2018-06-01/runtime/invocation/r4/error",
                "/2018-06-01/runtime/invocation/r5/error",
                "/2018-06-01/runtime/invocation/r6/response",
            ],
            posts.Select(c => c.Path));
        Assert.Equal(7, calls.Count(c => c.Method == "GET" && c.Path == NextPath));
        Assert.Equal(calls.Take(13).Select((c, i) => i % 2 == 0 ? "GET" : "POST"), calls.Take(13).Select(c => c.Method));

        using (var ok = JsonDocument.Parse(posts[0].Body))
        {
            Assert.Equal("hello", ok.RootElement.GetProperty("message").GetString());
            Assert.Equal("r1", ok.RootElement.GetProperty("requestId").GetString());
            Assert.Equal("Root=1-5759e988-bd862e3fe1be46a994272793", ok.RootElement.GetProperty("traceId").GetString());
            Assert.Equal("lifeguard-test", ok.RootElement.GetProperty("functionName").GetString());
        }

        AssertError(posts[1], "InvalidOperationException", "asked to fail: boom");
        Assert.NotEmpty(JsonDocument.Parse(posts[1].Body).RootElement.GetProperty("stackTrace").EnumerateArray());
        AssertError(posts[2], "InvalidEventException", "LineNumber: 0");
        AssertError(posts[3], "InvalidEventException", "'message'");
        AssertError(posts[4], "TimeoutException", "did not finish within its budget");
        Assert.Equal("application/json", posts[5].Header("Content-Type"));
        Assert.Equal("Root=1-aaaa", environment.GetVariable("_X_AMZN_TRACE_ID"));
    }

    [Fact]
    public async Task RunAsync_HandlerFactoryThrows_PostsInitErrorAndExitsNonZero()
    {
        await using var api = await FakeRuntimeApi.StartAsync();
        var (_, options, _) = CreateSut(api, handler: "broken");

        var exitCode = await LambdaHost.RunAsync([], EchoHandler.Register, options, CancellationToken.None).WaitAsync(Patience);

        Assert.Equal(1, exitCode);
        var call = Assert.Single(api.Calls);
        Assert.Equal("/2018-06-01/runtime/init/error", call.Path);
        AssertError(call, "InvalidOperationException", "LIFEGUARD_TABLE is not set");
    }

    [Fact]
    public async Task RunAsync_UnknownHandlerName_InitErrorListsTheRegisteredHandlers()
    {
        await using var api = await FakeRuntimeApi.StartAsync();
        var (_, options, _) = CreateSut(api, handler: "snapshot");

        var exitCode = await LambdaHost.RunAsync([], EchoHandler.Register, options, CancellationToken.None).WaitAsync(Patience);

        Assert.Equal(1, exitCode);
        var call = Assert.Single(api.Calls);
        AssertError(call, "InvalidOperationException", "LIFEGUARD_HANDLER='snapshot' names no handler; this package has: echo, broken");
    }

    [Fact]
    public async Task RunAsync_InvocationSucceeds_WritesLogAndEmfLinesWithTheRequestId()
    {
        await using var api = await FakeRuntimeApi.StartAsync();
        var (_, options, log) = CreateSut(api, handler: "echo");
        using var shutdown = new CancellationTokenSource();
        api.Enqueue("req-42", """{"message":"hi"}""", TimeProvider.System.GetUtcNow().AddMinutes(1));

        var run = LambdaHost.RunAsync([], EchoHandler.Register, options, shutdown.Token);
        await api.WaitForCallsAsync(3, Patience);
        shutdown.Cancel();
        await run.WaitAsync(Patience);

        var lines = log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var entry = Assert.Single(lines, l => l.TryGetProperty("message", out _));
        Assert.Equal("req-42", entry.GetProperty("requestId").GetString());
        Assert.Equal("INFO", entry.GetProperty("level").GetString());
        Assert.Equal("echo", entry.GetProperty("handler").GetString());
        var emf = Assert.Single(lines, l => l.TryGetProperty("_aws", out _));
        Assert.Equal(1, emf.GetProperty("Echoed").GetDouble());
        Assert.Equal("echo", emf.GetProperty("Handler").GetString());
        Assert.Equal("req-42", emf.GetProperty("requestId").GetString());
    }

    private static void AssertError(RecordedCall call, string errorType, string messagePart)
    {
        using var body = JsonDocument.Parse(call.Body);
        Assert.Equal(errorType, body.RootElement.GetProperty("errorType").GetString());
        Assert.Contains(messagePart, body.RootElement.GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
        Assert.Equal(errorType, call.Header("Lambda-Runtime-Function-Error-Type"));
    }

    private static (DictionaryEnvironment Environment, LambdaHostOptions Options, StringWriter Log) CreateSut(FakeRuntimeApi api, string handler)
    {
        var environment = new DictionaryEnvironment(new Dictionary<string, string?>
        {
            ["AWS_LAMBDA_RUNTIME_API"] = api.Address,
            ["LIFEGUARD_HANDLER"] = handler,
            ["AWS_LAMBDA_FUNCTION_NAME"] = "lifeguard-test",
        });
        var log = new StringWriter();
        return (environment, new LambdaHostOptions { Environment = environment, Log = log, Error = new StringWriter(), Result = new StringWriter() }, log);
    }
}
