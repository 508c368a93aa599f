using System.Text.Json.Serialization;

namespace Lifeguard.Runtime.Events;

/// <summary>An alarm's state: `OK`, `ALARM` or `INSUFFICIENT_DATA`, why, and since when.</summary>
public sealed record AlarmState
{
    public const string Alarm = "ALARM";
    public const string Ok = "OK";
    public const string InsufficientData = "INSUFFICIENT_DATA";

    [JsonPropertyName("value")] public required string Value { get; init; }

    [JsonPropertyName("reason")] public string? Reason { get; init; }

    /// <summary>A JSON document, as a string, exactly as CloudWatch sends it.</summary>
    [JsonPropertyName("reasonData")] public string? ReasonData { get; init; }

    [JsonPropertyName("timestamp")]
    [JsonConverter(typeof(AwsTimestampConverter))]
    public DateTimeOffset Timestamp { get; init; }
}
