using System.Text.Json.Serialization;

namespace Lifeguard.Runtime.Events;

/// <summary>
/// The alarm part of both the Lambda-action payload (`alarmData`) and the EventBridge
/// "CloudWatch Alarm State Change" event (`detail`): the two share this shape.
/// </summary>
public sealed record AlarmData
{
    [JsonPropertyName("alarmName")] public required string AlarmName { get; init; }

    [JsonPropertyName("state")] public required AlarmState State { get; init; }

    [JsonPropertyName("previousState")] public AlarmState? PreviousState { get; init; }

    [JsonPropertyName("configuration")] public AlarmConfiguration? Configuration { get; init; }

    /// <summary>True only for the transition into ALARM: the one change that should start a recovery.</summary>
    [JsonIgnore]
    public bool EnteredAlarm => State.Value == AlarmState.Alarm && PreviousState?.Value != AlarmState.Alarm;
}
