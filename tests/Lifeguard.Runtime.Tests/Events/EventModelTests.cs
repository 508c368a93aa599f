using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Lifeguard.Runtime.Events;
using Lifeguard.TestSupport;
using Xunit.Abstractions;

namespace Lifeguard.Runtime.Tests.Events;

/// <summary>
/// Each model against the payload AWS really sends (../shared/testdata/aws-events): every field AWS sends is read
/// under its exact name, and written back under the same name.
/// </summary>
public sealed class EventModelTests(ITestOutputHelper output)
{
    public static TheoryData<string> ReferenceFiles() =>
    [
        "scheduled-event.json",
        "scheduler-event.json",
        "alarm-lambda-action.json",
        "alarm-state-change-eventbridge.json",
        "sqs-event.json",
        "sqs-batch-response.json",
    ];

    [Theory]
    [MemberData(nameof(ReferenceFiles))]
    public void RoundTrip_ReferencePayload_KeepsEveryFieldNameAndValue(string file)
    {
        if (ReadReference(file) is not { } json)
        {
            return;
        }

        var roundTripped = file switch
        {
            "scheduled-event.json" or "scheduler-event.json" => RoundTrip(json, RuntimeJsonContext.Default.EventBridgeEventJsonElement),
            "alarm-lambda-action.json" => RoundTrip(json, RuntimeJsonContext.Default.CloudWatchAlarmEvent),
            "alarm-state-change-eventbridge.json" => RoundTrip(json, RuntimeJsonContext.Default.EventBridgeEventAlarmData),
            "sqs-event.json" => RoundTrip(json, RuntimeJsonContext.Default.SqsEvent),
            "sqs-batch-response.json" => RoundTrip(json, RuntimeJsonContext.Default.SqsBatchResponse),
            _ => throw new ArgumentOutOfRangeException(nameof(file)),
        };

        using var expected = JsonDocument.Parse(json);
        using var actual = JsonDocument.Parse(roundTripped);
        Assert.Empty(JsonTree.Differences(expected.RootElement, actual.RootElement));
    }

    [Fact]
    public void Deserialize_AlarmLambdaAction_ParsesPlusZeroZeroTimestampsAndTheTransition()
    {
        if (ReadReference("alarm-lambda-action.json") is not { } json)
        {
            return;
        }

        var alarm = JsonSerializer.Deserialize(json, RuntimeJsonContext.Default.CloudWatchAlarmEvent)!;

        Assert.Equal("aws.cloudwatch", alarm.Source);
        Assert.Equal("Test alert", alarm.AlarmData.AlarmName);
        Assert.Equal(new DateTimeOffset(2024, 2, 17, 11, 53, 8, 431, TimeSpan.Zero), alarm.Time);
        Assert.Equal(new DateTimeOffset(2024, 2, 17, 11, 51, 31, 462, TimeSpan.Zero), alarm.AlarmData.PreviousState!.Timestamp);
        Assert.True(alarm.AlarmData.EnteredAlarm);
        Assert.Equal("m1/m2", alarm.AlarmData.Configuration!.Metrics[0].Expression);
        Assert.Equal("AWS/Lambda", alarm.AlarmData.Configuration.Metrics[1].MetricStat!.Metric.Namespace);
    }

    [Fact]
    public void Deserialize_AlarmStateChange_ReadsDetailWithDimensions()
    {
        if (ReadReference("alarm-state-change-eventbridge.json") is not { } json)
        {
            return;
        }

        var change = JsonSerializer.Deserialize(json, RuntimeJsonContext.Default.EventBridgeEventAlarmData)!;

        Assert.Equal("CloudWatch Alarm State Change", change.DetailType);
        Assert.Equal("HighCPUAlarm", change.Detail.AlarmName);
        Assert.True(change.Detail.EnteredAlarm);
        Assert.Equal("i-0123456789abcdef0", change.Detail.Configuration!.Metrics[0].MetricStat!.Metric.Dimensions["InstanceId"]);
    }

    [Fact]
    public void Deserialize_SchedulerEvent_KeepsTheStringDetail()
    {
        if (ReadReference("scheduler-event.json") is not { } json)
        {
            return;
        }

        var scheduled = JsonSerializer.Deserialize(json, RuntimeJsonContext.Default.EventBridgeEventJsonElement)!;

        Assert.Equal("aws.scheduler", scheduled.Source);
        Assert.Equal(JsonValueKind.String, scheduled.Detail.ValueKind);
        Assert.Equal(new DateTimeOffset(2025, 2, 20, 16, 3, 0, TimeSpan.Zero), scheduled.Time);
    }

    [Fact]
    public void Deserialize_SqsEventWithoutMessageId_NamesTheMissingField()
    {
        var ex = Assert.Throws<JsonException>(() =>
            JsonSerializer.Deserialize("""{"Records":[{"body":"x"}]}""", RuntimeJsonContext.Default.SqsEvent));

        Assert.Contains("messageId", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_OptionalCollectionsAbsent_AreEmptyNotNull()
    {
        var sqs = JsonSerializer.Deserialize("""{"Records":[{"messageId":"m1","body":"x","messageAttributes":{"a":{"dataType":"String"}}}]}""", RuntimeJsonContext.Default.SqsEvent)!;
        var scheduled = JsonSerializer.Deserialize("""{"id":"1","detail-type":"Scheduled Event","source":"aws.events","time":"2026-11-21T03:00:00Z","detail":{}}""", RuntimeJsonContext.Default.EventBridgeEventJsonElement)!;

        Assert.Empty(sqs.Records[0].Attributes);
        Assert.Empty(sqs.Records[0].MessageAttributes["a"].StringListValues);
        Assert.Empty(scheduled.Resources);
    }

    [Fact]
    public void Deserialize_AlarmAlreadyInAlarm_IsNotATransition()
    {
        var data = new AlarmData
        {
            AlarmName = "db-master-down",
            State = new AlarmState { Value = AlarmState.Alarm },
            PreviousState = new AlarmState { Value = AlarmState.Alarm },
        };

        Assert.False(data.EnteredAlarm);
        Assert.False((data with { State = new AlarmState { Value = AlarmState.Ok } }).EnteredAlarm);
    }

    [Theory]
    [InlineData("2023-08-04T12:36:15.490+0000", "2023-08-04T12:36:15.4900000+00:00")]
    [InlineData("2023-08-04T14:36:15.490+0200", "2023-08-04T12:36:15.4900000+00:00")]
    [InlineData("1970-01-01T00:00:00Z", "1970-01-01T00:00:00.0000000+00:00")]
    [InlineData("2025-03-16T15:00:00.000+00:00", "2025-03-16T15:00:00.0000000+00:00")]
    public void TryParse_AwsTimestampForms_GivesTheUtcInstant(string text, string expected)
    {
        Assert.True(AwsTimestampConverter.TryParse(text, out var value));
        Assert.Equal(expected, value.ToString("o", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("17/02/24 11:51:00")]
    [InlineData("2023-08-04")]
    [InlineData("")]
    public void TryParse_NotAnAwsTimestamp_Fails(string text) => Assert.False(AwsTimestampConverter.TryParse(text, out _));

    private string? ReadReference(string file)
    {
        var path = Path.Combine(RepositoryPaths.SharedTestData, "aws-events", file);
        if (!File.Exists(path))
        {
            output.WriteLine($"skipped: {path} is absent (it is present in CI)");
            return null;
        }

        return File.ReadAllText(path);
    }

    private static string RoundTrip<T>(string json, JsonTypeInfo<T> type) =>
        JsonSerializer.Serialize(JsonSerializer.Deserialize(json, type)!, type);
}
