using System.Text.Json;
using Lifeguard.Runtime.Hosting;
using Lifeguard.Runtime.Logging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Lifeguard.Runtime.Tests.Logging;

public sealed partial class JsonLineLoggerTests
{
    private readonly StringWriter _output = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 21, 3, 0, 0, 123, TimeSpan.Zero));

    [Fact]
    public void Log_TemplateWithFields_WritesOneJsonObjectWithCamelCaseFields()
    {
        var logger = CreateSut(LogLevel.Information);
        logger.RequestId = "req-1";

        SnapshotCreated(logger, "snap-0123", "vol-0abc", 3);

        var line = Assert.Single(_output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        Assert.Equal("2026-11-21T03:00:00.123Z", root.GetProperty("timestamp").GetString());
        Assert.Equal("INFO", root.GetProperty("level").GetString());
        Assert.Equal("Created snap-0123 of vol-0abc (3 tags)", root.GetProperty("message").GetString());
        Assert.Equal("req-1", root.GetProperty("requestId").GetString());
        Assert.Equal("snap-0123", root.GetProperty("snapshotId").GetString());
        Assert.Equal(3, root.GetProperty("tagCount").GetInt32());
        Assert.False(root.TryGetProperty("{OriginalFormat}", out _));
    }

    [Fact]
    public void Log_BelowTheMinimumLevel_WritesNothing()
    {
        var logger = CreateSut(LogLevel.Warning);

        SnapshotCreated(logger, "snap-0123", "vol-0abc", 3);

        Assert.Empty(_output.ToString());
    }

    [Fact]
    public void Log_WithException_AddsTypeMessageAndTrace()
    {
        var logger = CreateSut(LogLevel.Trace);

        StepFailed(logger, new TimeoutException("too slow"));

        using var json = JsonDocument.Parse(_output.ToString());
        Assert.Equal("ERROR", json.RootElement.GetProperty("level").GetString());
        Assert.Equal("TimeoutException", json.RootElement.GetProperty("errorType").GetString());
        Assert.Equal("too slow", json.RootElement.GetProperty("errorMessage").GetString());
    }

    [Theory]
    [InlineData("DEBUG", LogLevel.Debug)]
    [InlineData("warn", LogLevel.Warning)]
    [InlineData("FATAL", LogLevel.Critical)]
    [InlineData(null, LogLevel.Information)]
    [InlineData("LOUD", LogLevel.Information)]
    public void FromEnvironment_LambdaLogLevel_MapsToTheMinimum(string? value, LogLevel expected)
    {
        var environment = new DictionaryEnvironment(new Dictionary<string, string?> { ["AWS_LAMBDA_LOG_LEVEL"] = value });

        Assert.Equal(expected, LogLevels.FromEnvironment(environment));
    }

    private JsonLineLogger CreateSut(LogLevel minimum) => new(_output, minimum, _time);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created {SnapshotId} of {VolumeId} ({TagCount} tags)")]
    private static partial void SnapshotCreated(ILogger logger, string snapshotId, string volumeId, int tagCount);

    [LoggerMessage(Level = LogLevel.Error, Message = "Step failed")]
    private static partial void StepFailed(ILogger logger, Exception exception);
}
