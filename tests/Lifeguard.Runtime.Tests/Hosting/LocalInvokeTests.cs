using System.Text.Json;
using Lifeguard.Runtime.Hosting;

using Lifeguard.Runtime.EchoFunction;

namespace Lifeguard.Runtime.Tests.Hosting;

/// <summary>`&lt;function&gt; invoke --handler NAME --event FILE [--dry-run]`, run in process.</summary>
public sealed class LocalInvokeTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("lifeguard-invoke-").FullName;
    private readonly StringWriter _result = new();
    private readonly StringWriter _error = new();

    [Fact]
    public async Task Invoke_ValidEvent_PrintsTheResultAndExitsZero()
    {
        var file = WriteEvent("""{"message":"hello"}""");

        var exitCode = await InvokeAsync("invoke", "--handler", "echo", "--event", file);

        Assert.Equal(0, exitCode);
        using var result = JsonDocument.Parse(_result.ToString());
        Assert.Equal("hello", result.RootElement.GetProperty("message").GetString());
        Assert.False(result.RootElement.GetProperty("dryRun").GetBoolean());
    }

    [Fact]
    public async Task Invoke_DryRunFlag_ReachesTheHandlerThroughTheContext()
    {
        var file = WriteEvent("""{"message":"hello"}""");

        var exitCode = await InvokeAsync("invoke", "--handler", "echo", "--event", file, "--dry-run");

        Assert.Equal(0, exitCode);
        using var result = JsonDocument.Parse(_result.ToString());
        Assert.True(result.RootElement.GetProperty("dryRun").GetBoolean());
    }

    [Theory]
    [InlineData("{\n  \"message\": \"hello\",\n  \"action\": echo\n}", "LineNumber: 2")]
    [InlineData("""{"message":"hello","dryRun":"yes"}""", "$.dryRun")]
    [InlineData("""{"message":null}""", "message")]
    [InlineData("""{"action":"echo"}""", "missing required properties including: 'message'")]
    [InlineData("", "The input does not contain any JSON tokens")]
    public async Task Invoke_BadEvent_SaysWhatAndWhereAndExitsOne(string json, string expected)
    {
        var file = WriteEvent(json);

        var exitCode = await InvokeAsync("invoke", "--handler", "echo", "--event", file);

        Assert.Equal(1, exitCode);
        Assert.Empty(_result.ToString());
        Assert.Contains("InvalidEventException", _error.ToString(), StringComparison.Ordinal);
        Assert.Contains(expected, _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_HandlerThrows_ReportsTheErrorAndExitsNonZero()
    {
        var file = WriteEvent("""{"message":"boom","action":"throw"}""");

        var exitCode = await InvokeAsync("invoke", "--handler", "echo", "--event", file);

        Assert.Equal(1, exitCode);
        Assert.Contains("InvalidOperationException: asked to fail: boom", _error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("invoke", "--handler", "echo")]
    [InlineData("invoke", "--event")]
    [InlineData("invoke", "--event", "x.json", "--verbose")]
    [InlineData("invoke", "--event", "x.json", "--timeout", "soon")]
    public async Task Invoke_BadArguments_PrintsUsageAndExitsTwo(params string[] args)
    {
        var exitCode = await InvokeAsync(args);

        Assert.Equal(2, exitCode);
        Assert.Contains("usage:", _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_MissingFile_SaysWhichFile()
    {
        var exitCode = await InvokeAsync("invoke", "--handler", "echo", "--event", Path.Combine(_directory, "absent.json"));

        Assert.Equal(2, exitCode);
        Assert.Contains("absent.json", _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_NoArgumentsOutsideLambda_PrintsUsage()
    {
        var exitCode = await InvokeAsync();

        Assert.Equal(2, exitCode);
        Assert.Contains("usage:", _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Add_ContextThatDoesNotEnforceRequiredFields_IsRefused()
    {
        var registry = new HandlerRegistry();

        var ex = Assert.Throws<ArgumentException>(() => registry.Add<EchoEvent, EchoResult>(
            "lax", LaxJsonContext.Default, _ => EchoHandler.HandleAsync));

        Assert.Contains("RespectNullableAnnotations", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_OnlyTheChosenHandlersTypesAreResolved_AnotherHandlersMissingTypeFailsOnlyThatHandler()
    {
        var file = WriteEvent("""{"message":"hello"}""");
        void Register(HandlerRegistry registry)
        {
            EchoHandler.Register(registry);
            registry.Add<EchoEvent, Version>("versions", EchoJsonContext.Default, _ => (_, _, _) => Task.FromResult(new Version(1, 0)));
        }

        var echo = await InvokeAsync(Register, "invoke", "--handler", "echo", "--event", file);
        var versions = await InvokeAsync(Register, "invoke", "--handler", "versions", "--event", file);

        Assert.Equal(0, echo);
        Assert.Equal(1, versions);
        Assert.Contains("EchoJsonContext does not serialize Version; add [JsonSerializable(typeof(Version))]", _error.ToString(), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _result.Dispose();
        _error.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private string WriteEvent(string json)
    {
        var path = Path.Combine(_directory, $"{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path;
    }

    private Task<int> InvokeAsync(params string[] args) => InvokeAsync(EchoHandler.Register, args);

    private Task<int> InvokeAsync(Action<HandlerRegistry> register, params string[] args) => LambdaHost.RunAsync(
        args,
        register,
        new LambdaHostOptions
        {
            Environment = new DictionaryEnvironment(new Dictionary<string, string?>()),
            Log = new StringWriter(),
            Result = _result,
            Error = _error,
        },
        CancellationToken.None);
}
