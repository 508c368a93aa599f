using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Lifeguard.TestSupport;

namespace Lifeguard.Runtime.Tests.Events;

/// <summary>Every generic sample in events/runtime is a valid event of its shape, as the Lambda console would send it.</summary>
public sealed class SampleEventTests
{
    [Theory]
    [InlineData("eventbridge-scheduled.json")]
    [InlineData("scheduler-scheduled.json")]
    [InlineData("alarm-lambda-action.json")]
    [InlineData("alarm-state-change.json")]
    [InlineData("sqs-batch.json")]
    public void Deserialize_SampleEvent_FitsItsModel(string file)
    {
        var json = File.ReadAllText(Path.Combine(RepositoryPaths.Events, "runtime", file));

        object? parsed = file switch
        {
            "eventbridge-scheduled.json" or "scheduler-scheduled.json" => Parse(json, RuntimeJsonContext.Default.EventBridgeEventJsonElement),
            "alarm-lambda-action.json" => Parse(json, RuntimeJsonContext.Default.CloudWatchAlarmEvent),
            "alarm-state-change.json" => Parse(json, RuntimeJsonContext.Default.EventBridgeEventAlarmData),
            _ => Parse(json, RuntimeJsonContext.Default.SqsEvent),
        };

        Assert.NotNull(parsed);
    }

    private static T? Parse<T>(string json, JsonTypeInfo<T> type) => JsonSerializer.Deserialize(json, type);
}
