using System.Text.Json.Serialization;

namespace Lifeguard.Runtime.Events;

/// <summary>What a CloudWatch alarm's Lambda action sends (`source: aws.cloudwatch`).</summary>
public sealed record CloudWatchAlarmEvent
{
    [JsonPropertyName("source")] public required string Source { get; init; }

    [JsonPropertyName("alarmArn")] public required string AlarmArn { get; init; }

    [JsonPropertyName("accountId")] public string? AccountId { get; init; }

    [JsonPropertyName("time")]
    [JsonConverter(typeof(AwsTimestampConverter))]
    public DateTimeOffset Time { get; init; }

    [JsonPropertyName("region")] public string? Region { get; init; }

    [JsonPropertyName("alarmData")] public required AlarmData AlarmData { get; init; }
}
